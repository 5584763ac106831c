import Link from 'next/link';
import type { BandCounts } from '@/lib/dal/expiry';
import { BANDS } from '@/lib/validation/expiry';
import { BAND_BADGE, BAND_LABEL } from './bands';

/** Counts per band; each one filters the table to that band. */
export function SummaryCounts({ counts, hrefFor, active }: { counts: BandCounts; hrefFor: (band: string) => string; active?: string }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Secrets per status">
      {BANDS.map((band) => (
        <li key={band}>
          <Link
            href={hrefFor(band)}
            aria-current={active === band ? 'true' : undefined}
            className={`block rounded-lg border border-slate-200 bg-white p-3 shadow-sm hover:border-blue-400 aria-[current=true]:ring-2 aria-[current=true]:ring-blue-500 dark:border-slate-800 dark:bg-slate-900`}
            data-testid={`count-${band}`}
          >
            <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${BAND_BADGE[band]}`}>{BAND_LABEL[band]}</span>
            <span className="mt-2 block text-2xl font-semibold tabular-nums" data-testid={`count-${band}-value`}>
              {counts[band]}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
