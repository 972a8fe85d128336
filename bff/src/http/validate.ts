import type { MiddlewareHandler } from 'hono'
import { safeParseAsync, type $ZodError, type $ZodType, type input, type output } from 'zod/v4/core'
import type { FieldErrors } from '@exocorp/shared/errors'
import { fieldIssueOf, type FieldIssue, type FieldIssues } from '@exocorp/shared/field-issues'
import { AppError, isAppError } from '../lib/errors'
import type { Actor } from '../services/audit'
import { audit, type AppContext, type AppEnv } from './context'

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
 * Turns zod issues into `{ field: [messages] }` and, sentence by sentence, the issue behind each
 * (`fieldIssues`, so a client can say it in its own language); unknown keys are named one by one,
 * with the names the object accepts when the schema is given (a client learns the contract from the
 * answer). The maps have no prototype: a client's key named `constructor` or `toString` must not
 * find Object's members.
 */
export function fieldErrorsOf(error: $ZodError, schema?: $ZodType): { fields: FieldErrors; fieldIssues: FieldIssues } {
  const fields = Object.create(null) as FieldErrors
  const fieldIssues = Object.create(null) as FieldIssues
  const add = (key: string, message: string, issue: FieldIssue) => {
    ;(fields[key] ??= []).push(message)
    ;(fieldIssues[key] ??= []).push(issue)
  }
  for (const issue of error.issues) {
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

export interface AuditedAttempt {
  /** The audit action of the attempt (`binding.set`, `company.provision`, …). */
  action: string
  target: { type: string; id: string | null }
  /** Summary of the audit row when the input is refused. */
  failSummary: string
  /** Who is attempting, when not the request's principal (a runtime reporting usage). */
  actor?: Actor
  /** Recorded with the refusal (never request values). */
  details?: Record<string, unknown>
}

type Target = 'json' | 'query' | 'param'
type Validated<T extends Target, S extends $ZodType> = MiddlewareHandler<
  AppEnv,
  string,
  { in: { [K in T]: input<S> }; out: { [K in T]: output<S> } }
>

/** The JSON body; an empty one is `{}` (jsonOnly already refused other media types). */
async function jsonBodyOf(c: AppContext): Promise<unknown> {
  const text = await c.req.text()
  if (!text.trim()) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new AppError(400, 'bad_request', 'The request body is not valid JSON')
  }
}

function queryOf(c: AppContext): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]))
}

/**
 * The one input idiom of every route: parses `target` with a contract schema (`c.req.valid(target)`
 * in the handler) or answers 400 with field errors. With `attempt`, the refusal is audited as that
 * attempt (its action and target, the count of invalid fields, never values); without, the
 * refused-write net (auditRefusedWrites) records a refused write as `request.refused`.
 */
export function validate<T extends Target, S extends $ZodType>(
  target: T,
  schema: S,
  attempt?: (c: AppContext) => AuditedAttempt,
): Validated<T, S> {
  return async (c, next) => {
    let result
    try {
      const value = target === 'json' ? await jsonBodyOf(c) : target === 'query' ? queryOf(c) : c.req.param()
      const parsed = await safeParseAsync(schema, value)
      if (parsed.success) result = parsed.data
      else {
        const { fields, fieldIssues } = fieldErrorsOf(parsed.error, schema)
        result = AppError.validation(fields, undefined, fieldIssues)
      }
    } catch (err) {
      if (!isAppError(err)) throw err
      result = err
    }
    if (isAppError(result)) {
      if (attempt) {
        const a = attempt(c)
        const fields = result.details?.fields
        await audit(c, {
          ...(a.actor ? { actor: a.actor } : {}),
          action: a.action,
          target: a.target,
          outcome: 'failed',
          summary: a.failSummary,
          details: {
            ...a.details,
            status: 400,
            code: result.code,
            ...(fields && typeof fields === 'object' ? { invalidFieldCount: Object.keys(fields).length } : {}),
          },
        })
      }
      throw result
    }
    c.req.addValidatedData(target, result as object)
    if (target === 'json') c.set('validatedBody', result)
    await next()
  }
}
