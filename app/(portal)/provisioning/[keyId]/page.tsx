import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { KeyHeader } from '@/components/provisioning/key-header';
import { PermissionNote } from '@/components/provisioning/permission-note';
import { UsersTable } from '@/components/provisioning/users-table';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { getProvisioningKey, PROVISIONERS } from '@/lib/server/provisioning';
import { listUsersPage } from '@/lib/server/provisioning-users';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 25;
type Search = { q?: string; status?: string; cursor?: string; trail?: string | string[]; deleted?: string };
// Graph pages forward only (@odata.nextLink): the cursors of earlier pages travel in the URL, so
// Previous page works without server state. Deep enough for any reading; older ones drop off.
const MAX_TRAIL = 20;

export default async function UsersPage({ params, searchParams }: { params: Promise<{ keyId: string }>; searchParams: Promise<Search> }) {
  await requirePageRole(PROVISIONERS, 'page.provisioning.users');
  const { keyId } = await params;
  const sp = await searchParams;
  const key = await getProvisioningKey(keyId);
  if (!key) notFound();
  const q = (sp.q ?? '').slice(0, 100);
  const status = sp.status === 'enabled' || sp.status === 'disabled' ? sp.status : undefined;
  const page = key.can['users.read'].allowed ? await listUsersPage(keyId, { search: q, status, top: PAGE_SIZE, skipToken: sp.cursor?.slice(0, 2000) }) : null;
  const cursor = sp.cursor?.slice(0, 2000) ?? '';
  const trail = (Array.isArray(sp.trail) ? sp.trail : sp.trail !== undefined ? [sp.trail] : []).slice(-MAX_TRAIL).map((t) => t.slice(0, 2000));
  const href = (to: { cursor: string; trail: string[] }) => {
    const params = new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...(to.cursor ? { cursor: to.cursor } : {}) });
    for (const t of to.trail) params.append('trail', t);
    return `/provisioning/${keyId}?${params}`;
  };
  const nextHref = page?.status === 'success' && page.data.skipToken ? href({ cursor: page.data.skipToken, trail: [...trail, cursor].slice(-MAX_TRAIL) }) : null;
  // An empty trail entry is the first page; without a trail (a shared link, a long walk) only First page is known.
  const previousHref = cursor && trail.length ? href({ cursor: trail.at(-1)!, trail: trail.slice(0, -1) }) : null;
  const pageNumber = cursor ? (trail.length && trail[0] === '' ? trail.length + 1 : null) : 1;
  return (
    <>
      <PageHeader title="Users" description="Users of the tenant, read through Microsoft Graph page by page." />
      <KeyHeader keyChoice={key} current="users" />
      {sp.deleted ? (
        <div className="mb-4">
          <Alert tone="success">{`${sp.deleted} was deleted. It can be restored from Entra's deleted users for 30 days.`}</Alert>
        </div>
      ) : null}
      <Card>
        <form role="search" className="mb-4 flex flex-wrap items-end gap-3" action={`/provisioning/${keyId}`}>
          <div className="min-w-60 flex-1 space-y-1">
            <label htmlFor="q" className="block text-sm font-medium">
              Search users
            </label>
            <input id="q" name="q" type="search" defaultValue={q} placeholder="Start of a name or user principal name" className={inputClasses} />
          </div>
          <div className="space-y-1">
            <label htmlFor="status" className="block text-sm font-medium">
              Sign-in
            </label>
            <select id="status" name="status" defaultValue={status ?? ''} className={inputClasses}>
              <option value="">All</option>
              <option value="enabled">Allowed</option>
              <option value="disabled">Blocked</option>
            </select>
          </div>
          <button type="submit" className={buttonClasses('secondary')}>
            Search
          </button>
        </form>
        <PermissionNote id="users-read-note" capability={key.can['users.read']} what="list users" />
        {page?.status === 'error' ? <Alert tone="error">{page.message}</Alert> : null}
        {page?.status === 'success' ? (
          page.data.users.length ? (
            <UsersTable keyId={keyId} users={page.data.users} />
          ) : (
            <p className="py-6 text-center text-sm text-slate-600 dark:text-slate-400">{q || status ? 'No user matches this search.' : 'This tenant has no users yet.'}</p>
          )
        ) : null}
        <nav aria-label="Pages of users" className="mt-4 flex flex-wrap items-center gap-3">
          {cursor ? (
            <Link href={href({ cursor: '', trail: [] })} className={buttonClasses('secondary')}>
              First page
            </Link>
          ) : null}
          {previousHref ? (
            <Link href={previousHref} className={buttonClasses('secondary')}>
              Previous page
            </Link>
          ) : null}
          {pageNumber && (cursor || nextHref) ? <span className="text-sm text-slate-600 dark:text-slate-400">{`Page ${pageNumber}`}</span> : null}
          {nextHref ? (
            <Link href={nextHref} className={buttonClasses('secondary')}>
              Next page
            </Link>
          ) : null}
        </nav>
      </Card>
    </>
  );
}
