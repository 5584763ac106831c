import type { Metadata } from 'next';
import Link from 'next/link';
import { KeyListFilters } from '@/components/keys/key-list-filters';
import { KeyTable } from '@/components/keys/key-table';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';
import { listKeys, listKeyTenants, type KeyFilter } from '@/lib/dal/keys';
import { CLOUD_OPTIONS } from '@/lib/entra/clouds';
import { CLOUD_IDS } from '@/lib/validation/keys';

export const metadata: Metadata = { title: 'authKeys' };

type Search = Record<string, string | undefined>;

const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined => (allowed.includes(value as T) ? (value as T) : undefined);

function filterFrom(sp: Search): KeyFilter {
  return {
    q: sp.q?.slice(0, 200) || undefined,
    cloud: pick(sp.cloud, CLOUD_IDS),
    tenantId: sp.tenant?.slice(0, 256) || undefined,
    status: pick(sp.status, ['ok', 'failing', 'untested'] as const),
    expiry: pick(sp.expiry, ['expired', 'soon', 'later', 'unknown'] as const),
    sort: pick(sp.sort, ['name', 'tenant', 'expiry', 'tested', 'created'] as const) ?? 'name',
    dir: sp.dir === 'desc' ? 'desc' : 'asc',
  };
}

export default async function KeysPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireSession();
  const sp = await searchParams;
  const filter = filterFrom(sp);
  const [keys, tenants, all] = await Promise.all([listKeys(filter), listKeyTenants(), listKeys()]);
  const filtered = Boolean(filter.q || filter.cloud || filter.tenantId || filter.status || filter.expiry);
  const isAdmin = actor.role === 'admin';
  return (
    <>
      <PageHeader
        title="authKeys"
        description="The Entra ID app credentials Pliant uses to call Microsoft Graph."
        actions={
          isAdmin ? (
            <Link href="/keys/new" className={buttonClasses('primary')}>
              Set up an authKey
            </Link>
          ) : null
        }
      />
      {sp.deleted ? (
        <div className="mb-4">
          <Alert tone="success">The authKey was deleted.</Alert>
        </div>
      ) : null}
      {all.length === 0 ? (
        <Card>
          <div className="py-8 text-center">
            <h2 className="text-lg font-semibold">No authKeys yet</h2>
            <p className="mx-auto mt-2 max-w-prose text-sm text-slate-600 dark:text-slate-400">
              An authKey lets Pliant manage users, groups and licenses in a Microsoft 365 tenant. The setup wizard walks through registering the app, choosing the least permissions and testing the connection.
            </p>
            {isAdmin ? (
              <Link href="/keys/new" className={`${buttonClasses('primary')} mt-4`}>
                Start the setup wizard
              </Link>
            ) : (
              <p className="mt-4 text-sm">An administrator creates authKeys.</p>
            )}
          </div>
        </Card>
      ) : (
        <Card>
          <KeyListFilters filter={filter} tenants={tenants} clouds={CLOUD_OPTIONS} />
          {keys.length === 0 && filtered ? (
            <div className="py-8 text-center text-sm">
              <p>No authKeys match these filters.</p>
              <Link href="/keys" className="mt-2 inline-block underline">
                Clear the filters
              </Link>
            </div>
          ) : (
            <KeyTable keys={keys} filter={filter} clouds={CLOUD_OPTIONS} />
          )}
        </Card>
      )}
    </>
  );
}
