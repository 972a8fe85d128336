import { z } from 'zod/mini'
import type { $ZodIssue, $ZodType } from 'zod/v4/core'
import { ErrorCodeSchema, FieldErrorsSchema, type FieldErrors } from './errors'
import { paramsRule, patternRule, type FieldRuleKey } from './field-rules'

/*
 * What a 400 `validation_failed` says about each field beyond its English sentence (decision 050):
 * the issue behind it, so a client can word it in its own language. Kept apart from errors.ts, which
 * every screen's first load parses the envelope with: only the screens that word field errors
 * themselves (the admin console) load this.
 */

/**
 * The zod issue codes a 400 `validation_failed` names per field (`details.fieldIssues`). `custom` is
 * a contract rule of its own (a refinement) or a service's own refusal: its `key` names the rule
 * where one is keyed (decision 064), else its sentence in `fields` is the only wording there is.
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
  /**
   * custom, invalid_format of a pattern, or invalid_key of a record whose key a pattern refused: the rule's message key (`FIELD_RULE_KEYS`, decision 064),
   * for a rule the contract or a service states in its sentence only. A client that does not know
   * the key shows the sentence.
   */
  key: z.optional(z.string()),
  /** With `key`: what the rule's message names (a count the service found), never the input. */
  vars: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
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
    case 'invalid_format': {
      const key = issue.format === 'regex' ? patternRule(issue.pattern) : undefined
      return { code: issue.code, format: issue.format, ...(key ? { key } : {}) }
    }
    case 'not_multiple_of':
      return { code: issue.code, divisor: issue.divisor }
    case 'invalid_value':
      return { code: issue.code, values: issue.values.map(String) }
    case 'custom': {
      const key = paramsRule(issue.params)
      return { code: issue.code, ...(key ? { key } : {}) }
    }
    case 'invalid_key': {
      // A record's key refused by a keyed pattern (a price book's model name): zod says "Invalid key
      // in record" and nests the pattern's issue; the rule is named from there (decision 064).
      const inner = issue.issues.find((i) => i.code === 'invalid_format' && i.format === 'regex')
      const key = inner?.code === 'invalid_format' ? patternRule(inner.pattern) : undefined
      return { code: issue.code, ...(key ? { key } : {}) }
    }
    default:
      return { code: issue.code }
  }
}

type Def = {
  type?: string
  shape?: Record<string, $ZodType>
  element?: $ZodType
  innerType?: $ZodType
  in?: $ZodType
  valueType?: $ZodType
}
const defOf = (schema: $ZodType | undefined): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def

/** The field names the object at `path` inside `schema` accepts, or null if it is not an object. */
export function allowedKeysAt(schema: $ZodType | undefined, path: readonly PropertyKey[]): string[] | null {
  let def = defOf(schema)
  let i = 0
  for (let guard = 0; def && guard < 50; guard++) {
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') {
      def = defOf(def.innerType)
    } else if (def.type === 'pipe') def = defOf(def.in)
    else if (i === path.length) return def.type === 'object' && def.shape ? Object.keys(def.shape) : null
    else if (def.type === 'object' && def.shape) def = defOf(def.shape[String(path[i++])])
    else if (def.type === 'array') {
      def = defOf(def.element)
      i++
    } else if (def.type === 'record') {
      def = defOf(def.valueType)
      i++
    } else return null
  }
  return null
}

/**
 * The `details` of a 400 `validation_failed` for zod's issues: `{ field: [messages] }` and, sentence
 * by sentence, the issue behind each (`fieldIssues`, so a client can say it in its own language);
 * unknown keys are named one by one, with the names the object accepts when the schema is given (a
 * client learns the contract from the answer). The BFF answers with it and the mock API derives its
 * answers from it, so both word a refusal alike. The maps have no prototype: a client's key named
 * `constructor` or `__proto__` must not find Object's members.
 */
export function fieldErrorsOf(
  issues: readonly $ZodIssue[],
  schema?: $ZodType,
): { fields: FieldErrors; fieldIssues: FieldIssues } {
  const fields = Object.create(null) as FieldErrors
  const fieldIssues = Object.create(null) as FieldIssues
  const add = (key: string, message: string, issue: FieldIssue) => {
    ;(fields[key] ??= []).push(message)
    ;(fieldIssues[key] ??= []).push(issue)
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path)
      const message = allowed?.length ? `Unknown field; allowed: ${allowed.join(', ')}` : 'Unknown field'
      const unknown: FieldIssue = allowed?.length ? { code: issue.code, allowed } : { code: issue.code }
      for (const key of issue.keys) add([...issue.path, key].join('.'), message, unknown)
      continue
    }
    add(issue.path.length ? issue.path.join('.') : '_root', issue.message, fieldIssueOf(issue))
  }
  return { fields, fieldIssues }
}

/**
 * A service's own refusal of one field, keyed (decision 064): the sentence for people and API
 * clients, the rule's key (and what it names) for a client that words it in its own language.
 */
export function ruleRefusal(
  field: string,
  sentence: string,
  key: FieldRuleKey,
  vars?: Record<string, string | number>,
): { fields: FieldErrors; fieldIssues: FieldIssues } {
  return { fields: { [field]: [sentence] }, fieldIssues: { [field]: [{ code: 'custom', key, ...(vars ? { vars } : {}) }] } }
}
