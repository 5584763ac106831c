import { Badge, type BadgeTone } from './badge';

/**
 * Names shown as chips, as a real list: screen readers announce each item and its count, and a
 * copy-paste keeps the names apart ("User.Read.All, GroupMember.Read.All", not run together).
 */
export function ChipList({ items, tone, label, empty = '—' }: { items: readonly string[]; tone: BadgeTone; label: string; empty?: string }) {
  if (items.length === 0) return <span>{empty}</span>;
  return (
    <ul aria-label={label} className="inline-flex flex-wrap gap-1 align-middle">
      {items.map((item, i) => (
        <li key={item}>
          <Badge tone={tone}>{item}</Badge>
          {i < items.length - 1 ? <span className="sr-only">, </span> : null}
        </li>
      ))}
    </ul>
  );
}
