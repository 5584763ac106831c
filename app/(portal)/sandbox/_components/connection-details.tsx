import type { SandboxView } from '@/lib/sandbox/admin';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { NewSecretForm } from '@/app/(portal)/sandbox/_components/new-secret-form';

function Value({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <dt className="w-32 shrink-0 text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="flex min-w-0 items-center gap-2">
        <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{value}</code>
        <CopyButton value={value} label={label} />
      </dd>
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function ConnectionDetails({ view, canCreateSecrets }: { view: SandboxView; canCreateSecrets: boolean }) {
  return (
    <div className="space-y-6">
      <Card title="Endpoints" description="Choose the Sandbox cloud on an authKey to use these. The portal trusts the sandbox's own CA for sandbox calls only.">
        <dl className="space-y-2">
          <Value label="Authority host" value={view.authorityHost} />
          <Value label="Graph endpoint" value={view.graphEndpoint} />
          <Value label="CA certificate" value={view.caCertPath} />
        </dl>
      </Card>
      {view.tenants.map((tenant) => (
        <Card key={tenant.id} title={tenant.displayName} description={`Verified domains: ${tenant.domains.join(', ')}`}>
          <dl className="mb-4 space-y-2">
            <Value label="Tenant ID" value={tenant.id} />
          </dl>
          <div className="space-y-4">
            {tenant.apps.map((app) => (
              <section key={app.clientId} aria-label={app.displayName} className="rounded-md border border-slate-200 p-4 dark:border-slate-700">
                <h3 className="font-medium">
                  {app.displayName}
                  {app.disabled ? <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-700">disabled</span> : null}
                </h3>
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  Granted: {app.grantedPermissions.length ? app.grantedPermissions.join(', ') : 'nothing (admin consent not granted)'}
                </p>
                <dl className="mt-3 space-y-2">
                  <Value label="Tenant ID" value={tenant.id} />
                  <Value label="Client ID" value={app.clientId} />
                </dl>
                {canCreateSecrets ? (
                  <div className="mt-3">
                    <NewSecretForm clientId={app.clientId} appName={app.displayName} />
                  </div>
                ) : null}
                {app.secrets.map((secret) => (
                  <div key={secret.secretId} className="mt-3 space-y-2 border-t border-slate-100 pt-2 dark:border-slate-800">
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      Secret “{secret.displayName}”, {new Date(secret.expiresAt) < new Date() ? 'expired' : 'expires'} {dateFormat.format(new Date(secret.expiresAt))}
                    </p>
                    <dl className="space-y-2">
                      {secret.value ? (
                        <Value label="Secret Value (sandbox only)" value={secret.value} />
                      ) : (
                        <div className="flex flex-wrap items-center gap-2">
                          <dt className="w-32 shrink-0 text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">Secret Value</dt>
                          <dd className="text-xs">starts with “{secret.hint}” (only administrators see values)</dd>
                        </div>
                      )}
                      <Value label="Secret ID" value={secret.secretId} />
                    </dl>
                  </div>
                ))}
              </section>
            ))}
          </div>
          {tenant.users.length ? (
            <div className="mt-4">
              <h3 className="text-sm font-medium">Sign-in users (for Delegated keys)</h3>
              <ul className="mt-2 space-y-1 text-sm">
                {tenant.users.map((user) => (
                  <li key={user.userPrincipalName} className="flex flex-wrap items-center gap-2">
                    <code className="text-xs">{user.userPrincipalName}</code>
                    {user.password ? <CopyButton value={user.password} label={`password of ${user.userPrincipalName}`} /> : null}
                    {user.note ? <span className="text-xs text-slate-600 dark:text-slate-400">{user.note}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </Card>
      ))}
    </div>
  );
}
