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
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </div>
  )
}
