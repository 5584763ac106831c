import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import type { KeyFilter } from '@/lib/dal/keys';

/** A plain GET form: filters live in the URL, so they can be bookmarked and work without script. */
export function KeyListFilters({ filter, tenants, clouds }: { filter: KeyFilter; tenants: string[]; clouds: readonly { id: string; label: string }[] }) {
  return (
    <form method="get" role="search" aria-label="Filter authKeys" className="mb-4 grid gap-3 md:grid-cols-[2fr_1fr_1fr_1fr_1fr_auto] md:items-end">
      <div className="space-y-1">
        <label htmlFor="q" className="block text-sm font-medium">
          Search
        </label>
        <input id="q" name="q" type="search" defaultValue={filter.q ?? ''} placeholder="Name, description, tenant, client ID" className={inputClasses} />
      </div>
      <Select label="Cloud" name="cloud" defaultValue={filter.cloud ?? ''} options={[{ value: '', label: 'All clouds' }, ...clouds.map((c) => ({ value: c.id, label: c.label }))]} />
      <Select label="Tenant" name="tenant" defaultValue={filter.tenantId ?? ''} options={[{ value: '', label: 'All tenants' }, ...tenants.map((t) => ({ value: t, label: t }))]} />
      <Select
        label="Status"
        name="status"
        defaultValue={filter.status ?? ''}
        options={[
          { value: '', label: 'Any status' },
          { value: 'ok', label: 'Working' },
          { value: 'failing', label: 'Failing' },
          { value: 'untested', label: 'Not tested' },
        ]}
      />
      <Select
        label="Expiry"
        name="expiry"
        defaultValue={filter.expiry ?? ''}
        options={[
          { value: '', label: 'Any expiry' },
          { value: 'expired', label: 'Expired' },
          { value: 'soon', label: 'Within 30 days' },
          { value: 'later', label: 'Later' },
          { value: 'unknown', label: 'Unknown' },
        ]}
      />
      <div className="flex gap-2">
        <input type="hidden" name="sort" value={filter.sort ?? 'name'} />
        <input type="hidden" name="dir" value={filter.dir ?? 'asc'} />
        <button type="submit" className={buttonClasses('secondary')}>
          Apply
        </button>
        <Link href="/keys" className={buttonClasses('ghost')}>
          Reset
        </Link>
      </div>
    </form>
  );
}
