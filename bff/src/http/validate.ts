import type { MiddlewareHandler } from 'hono'
import { safeParseAsync, type $ZodType, type input, type output } from 'zod/v4/core'
import { fieldErrorsOf } from '@exocorp/shared/field-issues'
import { AppError, isAppError } from '../lib/errors'
import type { Actor } from '../services/audit'
import { audit, type AppContext, type AppEnv } from './context'

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
        const { fields, fieldIssues } = fieldErrorsOf(parsed.error.issues, schema)
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
