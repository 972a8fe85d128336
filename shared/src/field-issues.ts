import { z } from 'zod/mini'
import type { $ZodIssue } from 'zod/v4/core'
import { ErrorCodeSchema, FieldErrorsSchema } from './errors'

/*
 * What a 400 `validation_failed` says about each field beyond its English sentence (decision 050):
 * the issue behind it, so a client can word it in its own language. Kept apart from errors.ts, which
 * every screen's first load parses the envelope with: only the screens that word field errors
 * themselves (the admin console) load this.
 */

/**
 * The zod issue codes a 400 `validation_failed` names per field (`details.fieldIssues`). `custom` is
 * a contract rule of its own (a refinement): its sentence in `fields` is the only wording there is.
 */
export const FieldIssueCodeSchema = z.enum([
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
])
export type FieldIssueCode = z.infer<typeof FieldIssueCodeSchema>

/**
 * Why one field is invalid, in terms a client can word in its own language (decision 050): zod's
 * issue code and what the check named (the expected type, the bounds and what they count, the
 * format, the allowed values or fields). Bounds are numbers (a date's are epoch milliseconds).
 */
export const FieldIssueSchema = z.object({
  code: FieldIssueCodeSchema,
  /** too_small / too_big: what is counted (`string` characters, `number`, `array` items, `date`, …). */
  origin: z.optional(z.string()),
  minimum: z.optional(z.number()),
  maximum: z.optional(z.number()),
  /** too_small / too_big: false when the bound itself is not allowed (`> 0`). */
  inclusive: z.optional(z.boolean()),
  /** too_small / too_big: the length must be exactly the bound. */
  exact: z.optional(z.boolean()),
  /** invalid_type: zod's name of the type expected (`string`, `number`, `object`, …). */
  expected: z.optional(z.string()),
  /** invalid_format: `email`, `url`, `uuid`, `datetime`, `regex`, … */
  format: z.optional(z.string()),
  divisor: z.optional(z.number()),
  /** invalid_value: the values allowed. */
  values: z.optional(z.array(z.string())),
  /** unrecognized_keys: the fields the object accepts, when known. */
  allowed: z.optional(z.array(z.string())),
})
export type FieldIssue = z.infer<typeof FieldIssueSchema>

/** `details.fieldIssues`: per field, one issue for each sentence in `details.fields[field]`, in the same order. */
export const FieldIssuesSchema = z.record(z.string(), z.array(FieldIssueSchema))
export type FieldIssues = z.infer<typeof FieldIssuesSchema>

/**
 * `details` of a 400 `validation_failed`: `fields` always (English sentences, for people);
 * `fieldIssues` when the contract's schema refused the input (a service's own refusal has only its
 * sentence); `reason` where a refusal has one.
 */
export const ValidationErrorDetailsSchema = z.object({
  fields: FieldErrorsSchema,
  fieldIssues: z.optional(FieldIssuesSchema),
  reason: z.optional(z.string()),
})

/** What a 400 answers: the envelope, with `details` as a `validation_failed` carries them. */
export const ValidationErrorBodySchema = z.object({
  error: z.object({
    // One of the envelope's codes (`validation_failed`, or `bad_request` for a body that is not JSON).
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.optional(ValidationErrorDetailsSchema),
    requestId: z.optional(z.string()),
  }),
})

const bound = (value: unknown): number | undefined =>
  typeof value === 'number'
    ? value
    : typeof value === 'bigint'
      ? Number(value)
      : value instanceof Date
        ? value.getTime()
        : undefined

/**
 * The issue behind one of zod's field errors, as the envelope names it: its code and the
 * parameters the check names, and nothing of the input (a value sent is never echoed back). The
 * BFF answers with it, and the mock API derives its answers from it.
 */
export function fieldIssueOf(issue: $ZodIssue): FieldIssue {
  switch (issue.code) {
    case 'invalid_type':
      return { code: issue.code, expected: issue.expected }
    case 'too_small':
    case 'too_big': {
      const limit = bound(issue.code === 'too_small' ? issue.minimum : issue.maximum)
      return {
        code: issue.code,
        origin: issue.origin,
        ...(limit === undefined ? {} : issue.code === 'too_small' ? { minimum: limit } : { maximum: limit }),
        ...(issue.inclusive === undefined ? {} : { inclusive: issue.inclusive }),
        ...(issue.exact ? { exact: true } : {}),
      }
    }
    case 'invalid_format':
      return { code: issue.code, format: issue.format }
    case 'not_multiple_of':
      return { code: issue.code, divisor: issue.divisor }
    case 'invalid_value':
      return { code: issue.code, values: issue.values.map(String) }
    default:
      return { code: issue.code }
  }
}
