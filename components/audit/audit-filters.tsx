import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { AUDIT_ACTIONS } from '@/lib/audit-actions';
import type { AuditFilter } from '@/lib/validation/audit';

const OUTCOMES = ['success', 'failure', 'denied'] as const;

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and exported. */
export function AuditFilters({ filter, actors, errors }: { filter: AuditFilter; actors: string[]; errors?: Record<string, string[]> }) {
  return (
    <form method="get" action="/audit" className="grid gap-3 md:grid-cols-3 lg:grid-cols-6" aria-label="Audit filters">
      <Field label="From (UTC)" name="from" type="date" defaultValue={filter.from ?? ''} errors={errors?.from} />
      <Field label="To (UTC)" name="to" type="date" defaultValue={filter.to ?? ''} errors={errors?.to} />
      <Field label="Actor" name="actor" list="audit-actors" maxLength={320} defaultValue={filter.actor ?? ''} errors={errors?.actor} />
      <datalist id="audit-actors">
        {actors.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Select label="Action" name="action" defaultValue={filter.action ?? ''} options={[{ value: '', label: 'Any action' }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: a }))]} />
      <Field label="authKey ID" name="authKeyId" maxLength={64} defaultValue={filter.authKeyId ?? ''} errors={errors?.authKeyId} />
      <Select label="Outcome" name="outcome" defaultValue={filter.outcome ?? ''} options={[{ value: '', label: 'Any outcome' }, ...OUTCOMES.map((o) => ({ value: o, label: o }))]} />
      <div className="flex flex-wrap gap-2 md:col-span-3 lg:col-span-6">
        <button type="submit" className={buttonClasses('primary')}>
          Apply filters
        </button>
        <Link href="/audit" className={buttonClasses('ghost')}>
          Clear
        </Link>
      </div>
    </form>
  );
}
