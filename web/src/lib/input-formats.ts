import { intlTag } from './locale'

/*
 * Inputs whose value has a machine format, in the chosen language (decision 064). Decimal numbers
 * typed into a text field (amounts, prices) are shown with the language's decimal separator ("12,50"
 * in German) and read back into the machine form ("12.50") that the form's checks and the request
 * use, so what is sent never depends on the language; until a language is chosen, this is the
 * machine form, as it always was. A native date field keeps its ISO value (and the browser's own
 * display); `formatInputDate` says what it means in the chosen language, for a hint next to it.
 */

function separators(): { decimal: string; group: string } {
  const tag = intlTag()
  if (!tag) return { decimal: '.', group: ',' }
  const parts = new Intl.NumberFormat(tag).formatToParts(12345.6)
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  }
}

/** `value` as a field shows it: `digits` decimals, the language's decimal separator, no grouping ("12,50"). */
export function formatDecimalInput(value: number, digits: number): string {
  const text = value.toFixed(digits)
  const { decimal } = separators()
  return decimal === '.' ? text : text.replace('.', decimal)
}

/**
 * What was typed, in the machine form ("12,50" → "12.50" in German; "1.234,50" → "1234.50"). In a
 * language whose decimal separator is a comma, a lone point followed by other than three digits is
 * still read as the decimal point ("12.5"), so a pasted machine number is not taken for thousands.
 * Anything else is returned trimmed and unchanged, for the form's own check to refuse.
 */
export function parseDecimalInput(text: string): string {
  const typed = text.trim()
  const { decimal, group } = separators()
  if (decimal === '.') return typed
  const grouped = new RegExp(`^-?\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d*)?$`)
  const ungrouped = grouped.test(typed) ? typed.split(group).join('') : typed
  return ungrouped.replace(decimal, '.')
}

const inputDateFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * A native date field's value ("2099-01-31" for `date`, "2099-01-31T10:00" for `datetime-local`,
 * the browser's local time) in the chosen language's words ("31. Januar 2099 um 10:00"); null when
 * the field is empty or not a date.
 */
export function formatInputDate(value: string, kind: 'date' | 'datetime-local'): string | null {
  const match = kind === 'date' ? /^\d{4}-\d{2}-\d{2}$/.test(value) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)
  // A date alone is a calendar day: read and shown in UTC, so no time zone moves it a day.
  const date = match ? new Date(kind === 'date' ? `${value}T00:00:00Z` : value) : null
  if (!date || Number.isNaN(date.getTime())) return null
  const tag = intlTag()
  const key = `${tag}:${kind}`
  let format = inputDateFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(
      tag,
      kind === 'date' ? { dateStyle: 'long', timeZone: 'UTC' } : { dateStyle: 'long', timeStyle: 'short' },
    )
    inputDateFormats.set(key, format)
  }
  return format.format(date)
}
