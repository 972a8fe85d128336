import { useId } from 'react'

/**
 * A labelled select over a closed set of values (a contract enum's `options`): the value it reports
 * is one of `options`, found rather than cast, so the caller's state keeps the enum's type.
 */
export function SelectField<T extends string>({
  id,
  label,
  value,
  options,
  optionLabel,
  onChange,
}: {
  id?: string
  label: string
  value: T
  options: readonly T[]
  optionLabel: (option: T) => string
  onChange: (value: T) => void
}) {
  const autoId = useId()
  const selectId = id ?? autoId
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select
        id={selectId}
        value={value}
        onChange={(e) => {
          const picked = options.find((o) => o === e.target.value)
          if (picked !== undefined) onChange(picked)
        }}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </div>
  )
}
