import Link from 'next/link';
import type { ProvisioningKey } from '@/lib/server/provisioning';

const tabs = (keyId: string) => [
  { href: `/provisioning/${keyId}`, label: 'Users' },
  { href: `/provisioning/${keyId}/users/new`, label: 'New user' },
  { href: `/provisioning/${keyId}/bulk`, label: 'Bulk create' },
];

/** Which key the page works through, and the provisioning sections for it. */
export function KeyHeader({ keyChoice, current }: { keyChoice: ProvisioningKey; current: 'users' | 'new' | 'bulk' | 'none' }) {
  const labels = { users: 'Users', new: 'New user', bulk: 'Bulk create', none: '' };
  return (
    <div className="mb-6 space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Working through authKey <strong className="text-slate-900 dark:text-slate-100">{keyChoice.name}</strong> (tenant {keyChoice.tenantId}).{' '}
        <Link href="/provisioning" className="text-blue-700 underline dark:text-blue-300">
          Choose another key
        </Link>
      </p>
      <nav aria-label="Provisioning" className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {tabs(keyChoice.id).map((t) => (
          <Link
            key={t.href}
            href={t.href}
            aria-current={labels[current] === t.label ? 'page' : undefined}
            className="rounded-t-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:border-b-2 aria-[current=page]:border-blue-600 aria-[current=page]:text-blue-700 dark:text-slate-200 dark:hover:bg-slate-800 dark:aria-[current=page]:text-blue-300"
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
