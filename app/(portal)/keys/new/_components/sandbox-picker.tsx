'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import type { SandboxChoice } from '@/app/(portal)/keys/new/_components/wizard-types';

export const DEFAULT_SANDBOX_APP = 'Pliant Automation';

const ref = (c: SandboxChoice) => `${c.tenantId}|${c.clientId}`;

/** The app a key's IDs point at, when they point into the sandbox. */
export function chosenSandboxApp(choices: readonly SandboxChoice[], tenantId: string, clientId: string): SandboxChoice | null {
  return choices.find((c) => c.tenantId === tenantId.trim().toLowerCase() && c.clientId === clientId.trim().toLowerCase()) ?? null;
}

/**
 * "Fill from a sandbox app": the sandbox's apps are registered, consented and have secrets
 * already, so stages 1–4 come down to picking one. The secret is sent as its Secret ID; the
 * server looks its value up, so no value reaches the browser.
 */
export function SandboxPicker({ choices, current, secretHint, onPick }: { choices: readonly SandboxChoice[]; current: SandboxChoice | null; secretHint: string | null; onPick: (choice: SandboxChoice) => void }) {
  const [selected, setSelected] = useState(() => ref(current ?? choices.find((c) => c.appName === DEFAULT_SANDBOX_APP) ?? choices[0]));
  if (choices.length === 0) return <Alert tone="warning">The sandbox tenant lists no apps. Reset it on the Sandbox tenant page.</Alert>;
  const pick = choices.find((c) => ref(c) === selected) ?? choices[0];
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-700">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Select
            label="Sandbox app"
            name="sandboxApp"
            value={selected}
            onChange={(e) => setSelected(e.target.value)}
            options={choices.map((c) => ({ value: ref(c), label: `${c.appName} (${c.tenantName}) · ${c.grantedPermissions.length} permission${c.grantedPermissions.length === 1 ? '' : 's'} granted` }))}
          />
        </div>
        <Button variant="secondary" onClick={() => onPick(pick)} disabled={pick.secrets.length === 0}>
          Fill from a sandbox app
        </Button>
      </div>
      {pick.secrets.length === 0 ? <p className="text-sm text-amber-800 dark:text-amber-300">This app has no valid secret: create one with New client secret on the Sandbox tenant page.</p> : null}
      {current && secretHint ? (
        <p className="text-sm" data-testid="sandbox-filled">
          Filled from <strong>{current.appName}</strong> in {current.tenantName}: its Tenant ID, Client ID and the secret starting with “{secretHint}”. These are sandbox values: they only work against the sandbox tenant.
        </p>
      ) : null}
    </div>
  );
}
