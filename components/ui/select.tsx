import type { SelectHTMLAttributes } from 'react';
import { FieldMessages, inputClasses } from './field';

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  errors?: string[];
  /** Keep the label for screen readers only (compact table rows). */
  hideLabel?: boolean;
};

/** A labelled select whose errors are tied to it through aria-describedby, like Field. */
export function Select({ label, name, options, errors, hideLabel, id, ...props }: SelectProps) {
  const selectId = id ?? name;
  const errorId = `${selectId}-error`;
  return (
    <div className="space-y-1">
      <label htmlFor={selectId} className={hideLabel ? 'sr-only' : 'block text-sm font-medium'}>
        {label}
      </label>
      <select id={selectId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? errorId : undefined} className={inputClasses} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={errorId} errors={errors} />
    </div>
  );
}
