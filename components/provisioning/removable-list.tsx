import { SubmitButton } from '@/components/ui/submit-button';

type Item = { id: string; label: string };
type Props = {
  items: Item[];
  /** The list's accessible name, e.g. "Group memberships". */
  listLabel: string;
  emptyText: string;
  /** The form field that names the item to remove, e.g. "groupId". */
  field: string;
  /** Completes "Remove…" for screen readers, e.g. (label) => ` from ${label}`. */
  removeSuffix: (label: string) => string;
  action: (form: FormData) => void;
  keyId: string;
  userId: string;
  allowed: boolean;
  noteId?: string;
};

/** What a user holds (groups, licenses), each with its own Remove form. */
export function RemovableList({ items, listLabel, emptyText, field, removeSuffix, action, keyId, userId, allowed, noteId }: Props) {
  if (items.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{emptyText}</p>;
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label={listLabel}>
      {items.map((item) => (
        <li key={item.id} className="flex items-center justify-between gap-3 py-2 text-sm">
          <span>{item.label}</span>
          <form action={action}>
            <input type="hidden" name="keyId" value={keyId} />
            <input type="hidden" name="userId" value={userId} />
            <input type="hidden" name={field} value={item.id} />
            <fieldset disabled={!allowed} aria-describedby={allowed ? undefined : noteId}>
              <SubmitButton variant="secondary" pendingText="Removing…">
                <span>
                  Remove<span className="sr-only">{removeSuffix(item.label)}</span>
                </span>
              </SubmitButton>
            </fieldset>
          </form>
        </li>
      ))}
    </ul>
  );
}
