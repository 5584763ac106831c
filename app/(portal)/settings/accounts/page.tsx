import type { Metadata } from 'next';
import { AccountActions } from '@/app/(portal)/settings/accounts/_components/account-actions';
import { CreateAccountForm } from '@/app/(portal)/settings/accounts/_components/create-account-form';
import { ROLE_LABELS } from '@/components/accounts/roles';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { listAccounts } from '@/lib/dal/accounts-admin';

export const metadata: Metadata = { title: 'Accounts' };

const when = (iso: string | null) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never');

export default async function AccountsPage() {
  const actor = await requirePageRole(['admin'], 'page.settings.accounts');
  const accounts = await listAccounts();
  return (
    <>
      <PageHeader title="Accounts" description="Who can sign in to the portal, and with which role. Changes take effect on the account's next request." />
      <div className="space-y-6">
        <Card title="Portal accounts">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Portal accounts</caption>
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 pr-4">Account</th>
                  <th scope="col" className="py-2 pr-4">Role</th>
                  <th scope="col" className="py-2 pr-4">Status</th>
                  <th scope="col" className="py-2 pr-4">Last sign-in</th>
                  <th scope="col" className="py-2">Changes</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => (
                  <tr key={a.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-testid={`account-${a.email}`}>
                    <td className="py-3 pr-4">
                      <p className="font-medium">{a.name}</p>
                      <p className="text-slate-600 dark:text-slate-400">{a.email}</p>
                    </td>
                    <td className="py-3 pr-4">{ROLE_LABELS[a.role]}</td>
                    <td className="py-3 pr-4">
                      {a.disabled ? 'Disabled' : 'Active'}
                      {a.mustChangePassword ? <p className="text-xs text-slate-600 dark:text-slate-400">Must change password</p> : null}
                    </td>
                    <td className="py-3 pr-4 whitespace-nowrap">{when(a.lastSignInAt)}</td>
                    <td className="py-3">
                      <AccountActions account={a} isSelf={a.id === actor.id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title="Create an account" description="Operators test keys and run provisioning; auditors read everything except secrets; administrators do everything.">
          <CreateAccountForm />
        </Card>
      </div>
    </>
  );
}
