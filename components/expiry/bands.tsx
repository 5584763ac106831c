import type { Band } from '@/lib/validation/expiry';

// Colours by band, for text badges and for the timeline's marks (fill classes).
export const BAND_LABEL: Record<Band, string> = { expired: 'Expired', critical: 'Critical', warning: 'Warning', notice: 'Notice', healthy: 'Healthy', unknown: 'No date' };

export const BAND_BADGE: Record<Band, string> = {
  expired: 'bg-red-700 text-white',
  critical: 'bg-red-100 text-red-900 ring-1 ring-red-300 dark:bg-red-950 dark:text-red-100',
  warning: 'bg-amber-100 text-amber-900 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-100',
  notice: 'bg-blue-100 text-blue-900 ring-1 ring-blue-300 dark:bg-blue-950 dark:text-blue-100',
  healthy: 'bg-green-100 text-green-900 ring-1 ring-green-300 dark:bg-green-950 dark:text-green-100',
  unknown: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
};

export const BAND_FILL: Record<Band, string> = {
  expired: 'fill-red-700',
  critical: 'fill-red-500',
  warning: 'fill-amber-500',
  notice: 'fill-blue-500',
  healthy: 'fill-green-600',
  unknown: 'fill-slate-400',
};

export function BandBadge({ band }: { band: Band }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${BAND_BADGE[band]}`}>{BAND_LABEL[band]}</span>;
}
