import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const actor = await requireSession();
  const links = [
    ...(actor.role === 'admin' ? [{ href: '/settings/accounts', label: 'Accounts', text: 'Create portal accounts, change roles, reset passwords, disable access.' }] : []),
    { href: '/settings/password', label: 'Your password', text: 'Change the password you sign in with.' },
    { href: '/settings/thresholds', label: 'Expiry thresholds', text: 'When a secret counts as critical, warning or notice, when alerts go out, checks and rotation.' },
    ...(actor.role === 'admin' ? [{ href: '/settings/api-tokens', label: 'API tokens', text: 'Tokens for the automation API: workflows get Graph tokens and never hold a secret.' }] : []),
    ...(actor.role === 'admin' ? [{ href: '/settings/alerts', label: 'Alert channels', text: 'Email, Teams, Slack and webhooks that hear about expiring secrets and failed checks.' }] : []),
    ...(actor.role !== 'operator' ? [{ href: '/audit', label: 'Audit log and retention', text: 'Every change, sign-in and refusal, and how long they are kept.' }] : []),
  ];
  return (
    <>
      <PageHeader title="Settings" />
      <div className="grid gap-4 md:grid-cols-2">
        {links.map((l) => (
          <Card key={l.href}>
            <Link href={l.href} className="font-semibold text-blue-700 underline-offset-2 hover:underline dark:text-blue-300">
              {l.label}
            </Link>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{l.text}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
