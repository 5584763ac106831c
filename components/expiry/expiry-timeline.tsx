import type { TimelineGroup } from '@/lib/dal/expiry';
import type { Band } from '@/lib/validation/expiry';
import { BAND_FILL, BAND_LABEL } from './bands';

const W = 760;
// Tall enough for the month labels under the axis (they sit at BASE + 36).
const H = 146;
const LEFT = 60; // the "expired" gutter sits left of today
const RIGHT = W - 50; // the "later" gutter sits right of twelve months
const BASE = 96;
// Up to this many credentials, each gets its own mark; beyond it, one mark per day and band
// (sized by count) keeps the picture readable and the page light.
const INDIVIDUAL_LIMIT = 300;

const DAY = 86_400_000;
const monthName = (d: Date) => d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });

type Mark = { x: number; y: number; r: number; band: Band; n: number; label: string };

function xFor(day: string | null, now: number): number {
  if (day === 'past') return 30;
  if (day === 'later') return W - 22;
  const days = (Date.parse(`${day}T12:00:00Z`) - now) / DAY;
  return LEFT + (Math.max(0, Math.min(365, days)) / 365) * (RIGHT - LEFT);
}

function dayLabel(day: string | null): string {
  return day === 'past' ? 'already expired' : day === 'later' ? 'more than 12 months away' : `on ${day}`;
}

function marksFor(groups: TimelineGroup[], now: number): Mark[] {
  const total = groups.reduce((a, g) => a + g.n, 0);
  const stacks = new Map<number, number>();
  const marks: Mark[] = [];
  for (const g of groups) {
    const x = Math.round(xFor(g.day, now));
    const label = `${g.n} ${BAND_LABEL[g.band].toLowerCase()} secret${g.n === 1 ? '' : 's'} ${dayLabel(g.day)}`;
    const copies = total <= INDIVIDUAL_LIMIT ? g.n : 1;
    for (let i = 0; i < copies; i++) {
      const level = stacks.get(x) ?? 0;
      stacks.set(x, level + 1);
      const r = copies === g.n ? 5 : Math.min(14, 4 + Math.sqrt(g.n));
      marks.push({ x, y: BASE - 6 - (level % 8) * 11, r, band: g.band, n: copies === g.n ? 1 : g.n, label });
    }
  }
  return marks;
}

/** Months as a list, for screen readers and for anyone who prefers text to a picture. */
function textEquivalent(groups: TimelineGroup[]): { label: string; n: number; detail: string }[] {
  const byMonth = new Map<string, { n: number; bands: Map<Band, number> }>();
  for (const g of groups) {
    const key = g.day === 'past' ? 'Already expired' : g.day === 'later' ? 'Later than 12 months' : new Date(`${g.day}T00:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const m = byMonth.get(key) ?? { n: 0, bands: new Map() };
    m.n += g.n;
    m.bands.set(g.band, (m.bands.get(g.band) ?? 0) + g.n);
    byMonth.set(key, m);
  }
  return [...byMonth].map(([label, m]) => ({ label, n: m.n, detail: [...m.bands].map(([b, n]) => `${n} ${BAND_LABEL[b].toLowerCase()}`).join(', ') }));
}

export function ExpiryTimeline({ groups, now }: { groups: TimelineGroup[]; now: string }) {
  const t = Date.parse(now);
  const marks = marksFor(groups, t);
  const months = Array.from({ length: 13 }, (_, i) => {
    const d = new Date(t);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + i);
    return d;
  }).filter((d) => d.getTime() >= t - 31 * DAY && d.getTime() <= t + 365 * DAY);
  const rows = textEquivalent(groups);
  return (
    <figure aria-labelledby="timeline-caption">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby="timeline-caption" data-testid="expiry-timeline">
        <line x1={LEFT} x2={RIGHT} y1={BASE} y2={BASE} className="stroke-slate-400" strokeWidth={1} />
        <text x={30} y={BASE + 22} textAnchor="middle" className="fill-slate-600 text-[11px] dark:fill-slate-400">
          expired
        </text>
        <text x={W - 22} y={BASE + 22} textAnchor="middle" className="fill-slate-600 text-[11px] dark:fill-slate-400">
          later
        </text>
        <line x1={LEFT} x2={LEFT} y1={4} y2={BASE + 4} className="stroke-blue-600" strokeDasharray="3 3" />
        {/* Beside the top of its line, so it never collides with the "expired" gutter label. */}
        <text x={LEFT + 4} y={14} textAnchor="start" className="fill-blue-700 text-[11px] font-semibold dark:fill-blue-300">
          today
        </text>
        {months.slice(1).map((d) => {
          const x = xFor(d.toISOString().slice(0, 10), t);
          return (
            <g key={d.toISOString()}>
              <line x1={x} x2={x} y1={BASE} y2={BASE + 5} className="stroke-slate-400" />
              <text x={x} y={BASE + 36} textAnchor="middle" className="fill-slate-600 text-[10px] dark:fill-slate-400">
                {monthName(d)}
              </text>
            </g>
          );
        })}
        {marks.map((m, i) => (
          <circle key={i} cx={m.x} cy={m.y} r={m.r} className={`${BAND_FILL[m.band]} stroke-white dark:stroke-slate-900`} strokeWidth={1} data-testid="timeline-mark" data-band={m.band} data-count={m.n}>
            <title>{m.label}</title>
          </circle>
        ))}
      </svg>
      <figcaption id="timeline-caption" className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {rows.length ? `Secret expiries over the next 12 months: ${rows.map((r) => `${r.label}: ${r.n} (${r.detail})`).join('; ')}.` : 'No secret with an expiry date to show.'}
      </figcaption>
    </figure>
  );
}
