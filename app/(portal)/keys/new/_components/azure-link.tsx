import type { ReactNode } from 'react';

/** A link into the Azure portal, opened in a new tab like step 5 of the guide suggests. */
export function AzureLink({ href, children }: { href: string | null; children: ReactNode }) {
  if (!href) return <span className="text-slate-600 dark:text-slate-400">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noreferrer" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300">
      {children}
      <span className="sr-only"> (opens the Azure portal in a new tab)</span>
    </a>
  );
}

export function Steps({ start, children }: { start: number; children: ReactNode }) {
  return (
    <ol start={start} className="list-decimal space-y-2 pl-6 text-sm leading-relaxed marker:font-semibold marker:text-slate-500">
      {children}
    </ol>
  );
}

/** The exact name of a button or menu entry in the Azure portal. */
export function Ui({ children }: { children: ReactNode }) {
  return <strong className="font-semibold">“{children}”</strong>;
}
