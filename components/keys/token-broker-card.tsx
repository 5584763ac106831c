import { headers } from 'next/headers';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';

/** The way out of hand-offs: a consumer that asks the portal for Graph tokens never holds the credential. */
export async function TokenBrokerCard({ keyId, isAdmin, graphRoot }: { keyId: string; isAdmin: boolean; graphRoot: string }) {
  const h = await headers();
  const origin = `${h.get('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${h.get('x-forwarded-host') ?? h.get('host') ?? 'portal.example.com'}`;
  const curl = [
    `# A Graph token for this authKey (the API token needs tokens:issue naming it)`,
    `TOKEN=$(curl -sf -X POST "${origin}/api/v1/authkeys/${keyId}/token" \\`,
    `  -H "Authorization: Bearer $AUTHKEY_API_TOKEN" | jq -r .access_token)`,
    `curl -s "${graphRoot}/v1.0/users?\\$top=5" -H "Authorization: Bearer $TOKEN"`,
  ].join('\n');
  const powershell = [
    `$t = Invoke-RestMethod -Method Post -Uri "${origin}/api/v1/authkeys/${keyId}/token" \``,
    `  -Headers @{ Authorization = "Bearer $env:AUTHKEY_API_TOKEN" }`,
    `Invoke-RestMethod -Uri "${graphRoot}/v1.0/users?\`$top=5" -Headers @{ Authorization = "Bearer $($t.access_token)" }`,
  ].join('\n');
  return (
    <Card title="Token broker" description="Consumers that ask the portal for a Graph token never hold this key’s secret, so rotation never needs a hand-off for them.">
      <div className="space-y-3 text-sm">
        <p>
          Give the workflow or script an API token with the <code>tokens:issue</code> scope for this authKey{' '}
          {isAdmin ? (
            <>
              (<Link href="/settings/api-tokens" className="text-blue-700 underline dark:text-blue-300">Settings → API tokens</Link>)
            </>
          ) : (
            '(an administrator creates it in Settings → API tokens)'
          )}
          , then have it call the token endpoint instead of signing in itself. Tokens are served from the portal’s cache until shortly before they expire. Once a consumer uses the broker, record it above as “Token broker only”.
        </p>
        {[
          ['curl', curl],
          ['PowerShell', powershell],
        ].map(([label, code]) => (
          <div key={label}>
            <div className="flex items-center justify-between">
              <span className="text-xs font-medium">{label}</span>
              <CopyButton value={code} label={`${label} example`} />
            </div>
            <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">
              <code>{code}</code>
            </pre>
          </div>
        ))}
      </div>
    </Card>
  );
}
