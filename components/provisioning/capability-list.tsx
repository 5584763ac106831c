import { Badge } from '@/components/ui/badge';
import type { ProvisioningKey } from '@/lib/server/provisioning';
import { OPERATIONS } from '@/lib/entra/permission-catalog';

// The operations provisioning offers; reading secret expiry belongs to the dashboard.
const SHOWN = OPERATIONS.filter((o) => o.id !== 'apps.read-expiry');

/** Each provisioning operation, and whether the key's granted permissions allow it. */
export function CapabilityList({ keyChoice }: { keyChoice: ProvisioningKey }) {
  return (
    <ul className="grid gap-2 sm:grid-cols-2" aria-label={`What ${keyChoice.name} can do`}>
      {SHOWN.map((op) => {
        const c = keyChoice.can[op.id];
        return (
          <li key={op.id} className="flex items-start gap-2 text-sm">
            <Badge tone={c.allowed ? 'success' : 'warning'}>{c.allowed ? 'Allowed' : 'Missing'}</Badge>
            <span>
              {op.label}
              {c.allowed ? null : <span className="block text-xs text-slate-600 dark:text-slate-400">needs {c.missing.join(' and ')}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
