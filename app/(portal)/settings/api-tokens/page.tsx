import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateTokenForm } from '@/app/(portal)/settings/api-tokens/_components/create-token-form';
import { RevokeTokenButton } from '@/app/(portal)/settings/api-tokens/_components/revoke-token-button';
import { Badge } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { listApiTokens } from '@/lib/dal/api-tokens';
import { listKeys } from '@/lib/dal/keys';

export const metadata: Metadata = { title: 'API tokens' };

const when = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'never');

export default async function ApiTokensPage() {
  await requirePageRole(['admin'], 'page.settings.api_tokens');
  const [tokens, keys] = await Promise.all([listApiTokens(), listKeys()]);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens for the automation API (<code>/api/v1</code>): scripts and workflows get Graph tokens and provision users without ever holding a secret. See the{' '}
            <Link href="/api-reference" className="text-blue-700 underline dark:text-blue-300">
              API reference
            </Link>
            .
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Tokens">
          {tokens.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No API token yet. Create one below; it is shown once.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-slate-200 dark:border-slate-700">
                    <th className="py-2 pr-3">Name</th>
                    <th className="py-2 pr-3">Scopes</th>
                    <th className="py-2 pr-3">Expires</th>
                    <th className="py-2 pr-3">Last used</th>
                    <th className="py-2 pr-3">State</th>
                    <th className="py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((t) => (
                    <tr key={t.id} className="border-b border-slate-100 align-top dark:border-slate-800">
                      <td className="py-2 pr-3">
                        <div className="font-medium">{t.name}</div>
                        <div className="font-mono text-xs text-slate-500">{t.prefix}…</div>
                        <div className="text-xs text-slate-500">by {t.createdByEmail}, {t.requestsPerMinute}/min</div>
                      </td>
                      <td className="py-2 pr-3">
                        <ul className="space-y-0.5">
                          {t.grants.map((g) => (
                            <li key={g.scope}>
                              <code className="text-xs">{g.scope}</code>
                              {g.keyNames ? <span className="text-xs text-slate-600 dark:text-slate-400"> ({g.keyNames.join(', ')})</span> : null}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="py-2 pr-3 whitespace-nowrap">{when(t.expiresAt)}</td>
                      <td className="py-2 pr-3">
                        {when(t.lastUsedAt)}
                        {t.lastUsedAddress ? <div className="text-xs text-slate-500">from {t.lastUsedAddress}</div> : null}
                      </td>
                      <td className="py-2 pr-3">
                        <Badge tone={t.state === 'active' ? 'success' : 'neutral'}>{t.state}</Badge>
                      </td>
                      <td className="py-2">{t.state === 'active' ? <RevokeTokenButton tokenId={t.id} name={t.name} /> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="Create a token" description="A token acts for you, within the scopes you choose, and stops working when you are disabled or no longer an administrator.">
          <CreateTokenForm keys={keys.map((k) => ({ id: k.id, name: k.name }))} />
        </Card>
      </div>
    </>
  );
}
