'use client';

import { CopyButton } from '@/components/ui/copy-button';
import { cliScript } from '@/lib/entra/cli-script';
import type { CloudId } from '@/contracts/enums';

type Choices = { appName: string; cloud: string; operations: string[]; expiresOn: string };

/** The script itself, loaded only when someone opens the panel (cli-script-toggle.tsx). */
export function CliScript({ appName, cloud, operations, expiresOn }: Choices) {
  const script = cliScript({ appName: appName || 'Pliant Microsoft 365', cloud: cloud as CloudId, operations, expiresOn: expiresOn || 'YYYY-MM-DD' });
  return (
    <div className="space-y-2 px-4 pb-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        It registers the app, adds the permissions chosen in stage 2 by their role IDs, grants admin consent (a Global Administrator must run it; not from the CLI on sovereign clouds), and creates a secret with <code>--append</code>, so the app’s other secrets stay. It prints the three values to paste.
      </p>
      <div className="flex justify-end">
        <CopyButton value={script} label="the Azure CLI script" />
      </div>
      <pre aria-label="Azure CLI script" className="max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
        {script}
      </pre>
    </div>
  );
}
