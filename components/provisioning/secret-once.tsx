import { CopyButton } from '@/components/ui/copy-button';

/** A generated password, shown once: it is not stored anywhere and cannot be shown again. */
export function SecretOnce({ value, label, note = 'Copy it now and hand it over securely. The portal does not keep it and cannot show it again.' }: { value: string; label: string; note?: string }) {
  return (
    <div className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm dark:border-blue-900 dark:bg-blue-950">
      <p className="font-medium">{label}</p>
      <div className="mt-2 flex items-center gap-2">
        <code className="rounded bg-white px-2 py-1 font-mono dark:bg-slate-900" data-testid="secret-once">
          {value}
        </code>
        <CopyButton value={value} label={label} />
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{note}</p>
    </div>
  );
}
