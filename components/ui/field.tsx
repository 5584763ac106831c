import type { InputHTMLAttributes, ReactNode } from 'react';

export const inputClasses =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-blue-500 disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:border-red-500 dark:border-slate-600 dark:bg-slate-900 dark:disabled:bg-slate-800';

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  errors?: string[];
  hint?: ReactNode;
  warning?: string;
};

/** A labelled input whose errors sit beside it and are announced through aria-describedby. */
export function Field({ label, name, errors, hint, warning, id, ...props }: FieldProps) {
  const inputId = id ?? name;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const describedBy = [errors?.length ? errorId : null, hint ? hintId : null, warning ? `${inputId}-warning` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      <input id={inputId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} className={inputClasses} {...props} />
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      <FieldMessages id={errorId} errors={errors} />
      {warning ? (
        <p id={`${inputId}-warning`} className="text-xs text-amber-700 dark:text-amber-400">
          {warning}
        </p>
      ) : null}
    </div>
  );
}

export function FieldMessages({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="text-xs text-red-600 dark:text-red-400">
      {errors.join(' ')}
    </p>
  );
}
