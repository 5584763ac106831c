'use client';

import { useEffect, useState, type ComponentProps } from 'react';
import type { Combobox, MultiCombobox } from './combobox';
import { FieldMessages, inputClasses } from './field';
import { Select } from './select';

// Progressive enhancement for long pickers: the page arrives with a native select (it works
// before any JavaScript, and keeps the combobox library out of the page's first load); once the
// combobox code has loaded, a moment later, it takes the select's place with whatever was chosen.

type Loaded = { Combobox: typeof Combobox; MultiCombobox: typeof MultiCombobox };
let loaded: Loaded | null = null;

function useCombobox(): Loaded | null {
  const [mod, setMod] = useState<Loaded | null>(loaded);
  useEffect(() => {
    if (loaded) return;
    void import('./combobox').then((m) => {
      loaded = m;
      setMod(m);
    });
  }, []);
  return mod;
}

/** One of many, searchable once loaded. */
export function SearchableSelect(props: ComponentProps<typeof Combobox>) {
  const mod = useCombobox();
  const [value, setValue] = useState(props.defaultValue ?? '');
  if (mod) return <mod.Combobox {...props} defaultValue={value} />;
  const options = props.emptyLabel ? [{ value: '', label: props.emptyLabel }, ...props.options] : props.options;
  return <Select label={props.label} name={props.name} id={props.id} options={options} value={value} onChange={(e) => setValue(e.target.value)} errors={props.errors} />;
}

/** Several of many, searchable once loaded (a multi-select until then). */
export function SearchableMultiSelect(props: ComponentProps<typeof MultiCombobox>) {
  const mod = useCombobox();
  const [values, setValues] = useState<string[]>([]);
  if (mod) return <mod.MultiCombobox {...props} defaultValues={values} />;
  return (
    <div className="space-y-1">
      <label htmlFor={props.name} className="block text-sm font-medium">
        {props.label}
      </label>
      <select
        id={props.name}
        name={props.name}
        multiple
        disabled={props.disabled}
        size={Math.min(6, Math.max(2, props.options.length))}
        value={values}
        onChange={(e) => setValues([...e.target.selectedOptions].map((o) => o.value))}
        className={inputClasses}
        aria-describedby={props.errors?.length ? `${props.name}-error` : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={`${props.name}-error`} errors={props.errors} />
    </div>
  );
}
