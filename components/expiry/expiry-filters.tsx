import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { CLOUDS } from '@/contracts/enums';
import { BANDS, type ExpiryFilter } from '@/lib/validation/expiry';
import { BAND_LABEL } from './bands';

const CLOUD_LABELS: Record<string, string> = { global: 'Global', usgov: 'US Government (GCC High)', dod: 'US Government (DoD)', china: 'China (21Vianet)', sandbox: 'Sandbox', custom: 'Custom' };

/** A plain GET form: filters live in the URL, so they can be bookmarked and exported as they are. */
export function ExpiryFilters({ filter, tenants }: { filter: ExpiryFilter; tenants: string[] }) {
  return (
    <form method="get" action="/" className="flex flex-wrap items-end gap-3" aria-label="Filter secrets">
      <Select label="Tenant" name="tenant" id="filter-tenant" defaultValue={filter.tenant ?? ''} options={[{ value: '', label: 'All tenants' }, ...tenants.map((t) => ({ value: t, label: t }))]} />
      <Select label="Cloud" name="cloud" id="filter-cloud" defaultValue={filter.cloud ?? ''} options={[{ value: '', label: 'All clouds' }, ...CLOUDS.map((c) => ({ value: c, label: CLOUD_LABELS[c] ?? c }))]} />
      <Select label="Status" name="band" id="filter-band" defaultValue={filter.band ?? ''} options={[{ value: '', label: 'All statuses' }, ...BANDS.map((b) => ({ value: b, label: BAND_LABEL[b] }))]} />
      <button type="submit" className={buttonClasses('secondary')}>
        Apply filters
      </button>
      {filter.tenant || filter.cloud || filter.band ? (
        <Link href="/" className="text-sm text-blue-700 underline dark:text-blue-300">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
