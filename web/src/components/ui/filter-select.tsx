import { SelectField } from './select-field'

/** A list filter: a labelled select whose empty first option means "no filter". */
export function FilterSelect<T extends string>({
  id,
  label,
  anyLabel,
  value,
  options,
  optionLabel,
  onChange,
}: {
  id: string
  label: string
  /** The first option, the one without a filter ("Any"). */
  anyLabel: string
  value: string
  options: readonly T[]
  optionLabel: (option: T) => string
  onChange: (value: string) => void
}) {
  const all: readonly (T | '')[] = ['', ...options]
  return (
    <SelectField
      id={id}
      label={label}
      // A value the URL holds that no option has reads as no filter, as the select would show it.
      value={all.find((o) => o === value) ?? ''}
      options={all}
      optionLabel={(o) => (o === '' ? anyLabel : optionLabel(o))}
      onChange={onChange}
    />
  )
}
