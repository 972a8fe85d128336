import { z } from 'zod/mini'
import type { FieldErrors } from './errors'

/*
 * The settings a release declares (decision 052): what each key of a draft's `settings` map
 * means, its type, bounds and default. One pure check, shared by the BFF (draft save, apply) and
 * the msw mock, so both refuse the same values with the same words. Secrets are never settings:
 * they are provider credentials (bound, encrypted, write-only).
 */

export const SETTING_TYPES = ['boolean', 'integer', 'number', 'string', 'enum'] as const
export const SettingTypeSchema = z.enum(SETTING_TYPES)
export type SettingType = z.infer<typeof SettingTypeSchema>

/** A value in a draft's `settings` map (the draft contract caps strings at 1,000 characters). */
export const SettingValueSchema = z.union([z.string().check(z.maxLength(1000)), z.number(), z.boolean()])
export type SettingValue = z.infer<typeof SettingValueSchema>

export const SettingDeclarationSchema = z.object({
  key: z.string(),
  type: SettingTypeSchema,
  label: z.string(),
  description: z.nullable(z.string()),
  /** What the runtime uses when the draft leaves the key out; null: no default. */
  default: z.nullable(SettingValueSchema),
  /** Bounds of an integer or number (inclusive); null: unbounded. */
  min: z.nullable(z.number()),
  max: z.nullable(z.number()),
  /** The allowed values of an `enum`; empty for the other types. */
  choices: z.array(z.string()),
  /** A required key with no default must be in the draft before it is applied. */
  required: z.boolean(),
})
export type SettingDeclaration = z.infer<typeof SettingDeclarationSchema>

/** Field name of a setting in field errors: `settings.<key>`. */
export const settingField = (key: string) => `settings.${key}`

/** Why `value` does not fit `d`, or null when it does. */
export function settingProblem(d: SettingDeclaration, value: SettingValue): string | null {
  switch (d.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Must be true or false'
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return d.type === 'integer' ? 'Must be a whole number' : 'Must be a number'
      if (d.type === 'integer' && !Number.isInteger(value)) return 'Must be a whole number'
      if (d.min !== null && value < d.min) return `Must be at least ${d.min}`
      if (d.max !== null && value > d.max) return `Must be at most ${d.max}`
      return null
    }
    case 'string':
      if (typeof value !== 'string') return 'Must be text'
      return d.required && value.trim() === '' ? 'Must not be empty' : null
    case 'enum':
      return typeof value === 'string' && d.choices.includes(value) ? null : `Must be one of: ${d.choices.join(', ')}`
  }
}

export interface SettingsCheck {
  /** Only these keys are checked (a save checks what it changes); null: every declared key. */
  only?: ReadonlySet<string> | null
  /** Apply: a required key with no default must be present. */
  complete?: boolean
}

/**
 * Field errors (`settings.<key>`) for the values that do not fit their declaration. Keys the
 * release does not declare are not errors: they are kept and passed to the runtime as they are,
 * and the console shows them as undeclared (decision 052).
 */
export function settingsErrors(
  declarations: readonly SettingDeclaration[],
  settings: Readonly<Record<string, SettingValue>>,
  check: SettingsCheck = {},
): FieldErrors {
  const errors: FieldErrors = {}
  for (const d of declarations) {
    if (check.only && !check.only.has(d.key)) continue
    const value = Object.hasOwn(settings, d.key) ? settings[d.key] : undefined
    if (value === undefined) {
      if (check.complete && d.required && d.default === null) errors[settingField(d.key)] = [`${d.label} is required`]
      continue
    }
    const problem = settingProblem(d, value)
    if (problem) errors[settingField(d.key)] = [problem]
  }
  return errors
}

/** Keys of the draft the release does not declare, sorted. */
export function undeclaredSettings(
  declarations: readonly SettingDeclaration[],
  settings: Readonly<Record<string, SettingValue>>,
): string[] {
  const declared = new Set(declarations.map((d) => d.key))
  return Object.keys(settings)
    .filter((k) => !declared.has(k))
    .sort()
}

/** Keys whose value differs between two settings maps (added, removed or changed). */
export function changedSettings(
  before: Readonly<Record<string, SettingValue>>,
  after: Readonly<Record<string, SettingValue>>,
): Set<string> {
  const at = (o: Readonly<Record<string, SettingValue>>, k: string) => (Object.hasOwn(o, k) ? o[k] : undefined)
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return new Set([...keys].filter((k) => at(before, k) !== at(after, k)))
}
