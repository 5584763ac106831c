'use client';

import { useCombobox, useMultipleSelection } from 'downshift';
import { useMemo, useState } from 'react';
import { FieldMessages, inputClasses } from './field';

// Searchable pickers for long lists (load them through searchable-select.tsx) (a country among 250, groups by name), on Downshift's
// WAI-ARIA 1.2 combobox: type to filter, arrows to move, Enter to pick, Escape to close. Each
// sends its value(s) as ordinary hidden form fields, so the server action reads them like any
// other input.

export type Option = { value: string; label: string };

const matches = (query: string) => {
  const q = query.trim().toLowerCase();
  return (o: Option) => !q || o.label.toLowerCase().includes(q) || o.value.toLowerCase() === q;
};

function Listbox({ open, items, highlighted, getMenuProps, getItemProps, empty }: {
  open: boolean;
  items: Option[];
  highlighted: number;
  getMenuProps: () => object;
  getItemProps: (o: { item: Option; index: number }) => object;
  empty: string;
}) {
  return (
    <ul {...getMenuProps()} className={`absolute z-20 mt-1 max-h-60 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900 ${open ? '' : 'hidden'}`}>
      {open && items.length === 0 ? <li className="px-3 py-2 text-slate-600 dark:text-slate-400">{empty}</li> : null}
      {open
        ? items.slice(0, 300).map((item, index) => (
            <li key={item.value} {...getItemProps({ item, index })} className={`cursor-pointer px-3 py-1.5 ${highlighted === index ? 'bg-blue-100 dark:bg-blue-900' : ''}`}>
              {item.label}
            </li>
          ))
        : null}
    </ul>
  );
}

/** One value out of many, searchable. `emptyLabel` adds a "none" choice (value ''). */
export function Combobox({ label, name, options, defaultValue = '', emptyLabel, errors, hint, id }: { label: string; name: string; options: Option[]; defaultValue?: string; emptyLabel?: string; errors?: string[]; hint?: string; id?: string }) {
  const all = useMemo(() => (emptyLabel ? [{ value: '', label: emptyLabel }, ...options] : options), [emptyLabel, options]);
  const [selected, setSelected] = useState<Option | null>(() => all.find((o) => o.value === defaultValue) ?? null);
  const [query, setQuery] = useState(selected?.label ?? '');
  const items = useMemo(() => all.filter(matches(query === selected?.label ? '' : query)), [all, query, selected]);
  const inputId = id ?? name;
  const { isOpen, getLabelProps, getInputProps, getMenuProps, getItemProps, getToggleButtonProps, highlightedIndex } = useCombobox<Option>({
    items,
    inputId,
    itemToString: (o) => o?.label ?? '',
    selectedItem: selected,
    inputValue: query,
    onInputValueChange: ({ inputValue }) => setQuery(inputValue),
    onSelectedItemChange: ({ selectedItem }) => {
      setSelected(selectedItem);
      setQuery(selectedItem?.label ?? '');
    },
    // Leaving the field with text that matches nothing keeps the last real choice.
    onIsOpenChange: ({ isOpen: open }) => {
      if (!open) setQuery(selected?.label ?? '');
    },
  });
  const describedBy = [errors?.length ? `${inputId}-error` : null, hint ? `${inputId}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="relative space-y-1">
      <label {...getLabelProps()} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex">
        <input {...getInputProps({ 'aria-describedby': describedBy, 'aria-invalid': errors?.length ? true : undefined })} className={`${inputClasses} rounded-r-none`} autoComplete="off" />
        <button type="button" {...getToggleButtonProps()} aria-label={`Show all: ${label}`} className="rounded-r-md border border-l-0 border-slate-300 px-2 text-slate-600 dark:border-slate-600 dark:text-slate-300">
          ▾
        </button>
      </div>
      <input type="hidden" name={name} value={selected?.value ?? ''} />
      <Listbox open={isOpen} items={items} highlighted={highlightedIndex} getMenuProps={getMenuProps} getItemProps={getItemProps} empty="Nothing matches." />
      {hint ? (
        <p id={`${inputId}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      <FieldMessages id={`${inputId}-error`} errors={errors} />
    </div>
  );
}

/** Several values out of many: picked ones are removable chips (Backspace or their × button). */
export function MultiCombobox({ label, name, options, errors, hint, disabled, defaultValues = [] }: { label: string; name: string; options: Option[]; errors?: string[]; hint?: string; disabled?: boolean; defaultValues?: string[] }) {
  const [picked, setPicked] = useState<Option[]>(() => options.filter((o) => defaultValues.includes(o.value)));
  const [query, setQuery] = useState('');
  const items = useMemo(() => options.filter((o) => !picked.some((p) => p.value === o.value)).filter(matches(query)), [options, picked, query]);
  const { getSelectedItemProps, getDropdownProps, removeSelectedItem } = useMultipleSelection<Option>({
    selectedItems: picked,
    onSelectedItemsChange: ({ selectedItems }) => setPicked(selectedItems ?? []),
  });
  const { isOpen, getLabelProps, getInputProps, getMenuProps, getItemProps, highlightedIndex } = useCombobox<Option>({
    items,
    inputId: name,
    itemToString: (o) => o?.label ?? '',
    selectedItem: null,
    inputValue: query,
    defaultHighlightedIndex: 0,
    stateReducer: (state, { changes, type }) => {
      // Picking keeps the list open for the next one, with the text cleared.
      if (type === useCombobox.stateChangeTypes.InputKeyDownEnter || type === useCombobox.stateChangeTypes.ItemClick) return { ...changes, isOpen: true, highlightedIndex: state.highlightedIndex, inputValue: '' };
      return changes;
    },
    onStateChange: ({ type, selectedItem, inputValue }) => {
      if ((type === useCombobox.stateChangeTypes.InputKeyDownEnter || type === useCombobox.stateChangeTypes.ItemClick) && selectedItem) setPicked((p) => [...p, selectedItem]);
      if (type === useCombobox.stateChangeTypes.InputChange) setQuery(inputValue ?? '');
      if (type === useCombobox.stateChangeTypes.InputKeyDownEnter || type === useCombobox.stateChangeTypes.ItemClick) setQuery('');
    },
  });
  const describedBy = [errors?.length ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="relative space-y-1">
      <label {...getLabelProps()} className="block text-sm font-medium">
        {label}
      </label>
      {picked.length ? (
        <ul aria-label={`Chosen: ${label}`} className="flex flex-wrap gap-1">
          {picked.map((item, index) => (
            <li key={item.value} {...getSelectedItemProps({ selectedItem: item, index })} className="inline-flex items-center gap-1 rounded-full bg-blue-100 px-2 py-0.5 text-xs text-blue-900 dark:bg-blue-900 dark:text-blue-100">
              {item.label}
              <button type="button" aria-label={`Remove ${item.label}`} onClick={(e) => { e.stopPropagation(); removeSelectedItem(item); }}>
                ×
              </button>
              <input type="hidden" name={name} value={item.value} />
            </li>
          ))}
        </ul>
      ) : null}
      <input {...getInputProps(getDropdownProps({ preventKeyAction: isOpen, 'aria-describedby': describedBy, disabled }))} className={inputClasses} autoComplete="off" placeholder="Type to search" />
      <Listbox open={isOpen} items={items} highlighted={highlightedIndex} getMenuProps={getMenuProps} getItemProps={getItemProps} empty="Nothing else matches." />
      {hint ? (
        <p id={`${name}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      <FieldMessages id={`${name}-error`} errors={errors} />
    </div>
  );
}
