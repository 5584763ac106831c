'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';

const CliScript = dynamic(() => import('@/app/(portal)/keys/new/_components/cli-script-panel').then((m) => m.CliScript), {
  loading: () => <p className="px-4 pb-4 text-sm">Loading the script…</p>,
});

/** Steps 1–14 as an Azure CLI script, kept in step with the wizard's choices; built once opened. */
export function CliScriptPanel(choices: { appName: string; cloud: string; operations: string[]; expiresOn: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer px-4 py-3 text-sm font-medium">Prefer the Azure CLI? A script for steps 1–14</summary>
      {open ? <CliScript {...choices} /> : null}
    </details>
  );
}
