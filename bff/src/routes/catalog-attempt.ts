import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { $ZodType } from 'zod/v4/core'
import { AppError, isAppError } from '../lib/errors'
import { audit, type AppContext } from '../http/context'
import { principalOf } from '../http/guards'
import { fieldErrorsOf } from '../http/validate'
import { companyAccessFor, type CompanyAccess } from '../services/catalog/access'

/*
 * Audit helpers for the catalog routes (provider secrets, bindings, releases, usage): every mutation
 * attempt writes exactly one row, whether it succeeds, is refused or fails. Details are picked field
 * by field; request bodies (which may hold a credential) never reach the audit trail.
 */

export interface AttemptMeta {
  action: string
  target: { type: string; id: string | null }
  /** Used when the attempt fails. */
  failSummary: string
}

function failureDetails(err: unknown): Record<string, unknown> {
  if (isAppError(err)) {
    const reason = typeof err.details?.reason === 'string' ? err.details.reason : undefined
    const fields = err.details?.fields
    return {
      status: err.status,
      code: err.code,
      ...(reason ? { reason } : {}),
      ...(fields && typeof fields === 'object' ? { fields: Object.keys(fields).slice(0, 20) } : {}),
    }
  }
  return { status: 500, code: 'internal' }
}

/** Runs `run`, then audits success with `describe(result)`, or the failure, and rethrows. */
export async function attempt<T>(
  c: AppContext,
  meta: AttemptMeta,
  run: () => Promise<T>,
  describe: (result: T) => { summary: string; details?: Record<string, unknown>; targetId?: string },
): Promise<T> {
  let result: T
  try {
    result = await run()
  } catch (err) {
    await audit(c, {
      action: meta.action,
      target: meta.target,
      outcome: 'failed',
      summary: meta.failSummary,
      details: failureDetails(err),
    })
    throw err
  }
  const d = describe(result)
  await audit(c, {
    action: meta.action,
    target: { type: meta.target.type, id: d.targetId ?? meta.target.id },
    outcome: 'succeeded',
    summary: d.summary,
    details: d.details ?? {},
  })
  return result
}

/**
 * `validate()` whose refusals are audited too (a 400 is an attempt). Only the names of the invalid
 * fields the schema knows are recorded, never values.
 */
export function validateAudited<T extends $ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
  meta: (c: AppContext) => AttemptMeta,
) {
  return zValidator(target, schema, async (result, c) => {
    if (!result.success) {
      const fields = fieldErrorsOf(result.error, schema)
      const m = meta(c as AppContext)
      await audit(c as AppContext, {
        action: m.action,
        target: m.target,
        outcome: 'failed',
        summary: m.failSummary,
        details: { status: 400, code: 'validation_failed', invalidFieldCount: Object.keys(fields).length },
      })
      throw AppError.validation(fields)
    }
  })
}

/** Members and the owner see the exocorp; anyone else gets the same 404 as for an unknown id. */
export async function visibleCompany(c: AppContext, companyId: string): Promise<CompanyAccess> {
  const access = await companyAccessFor(c.var.deps, principalOf(c).user.id, companyId)
  if (!access) throw AppError.notFound('Exocorp')
  return access
}

/** Owners act: a member gets 403 (they can see the exocorp, so 404 would be a lie). */
export async function ownedCompany(c: AppContext, companyId: string): Promise<CompanyAccess> {
  const access = await visibleCompany(c, companyId)
  if (access.role !== 'owner') throw AppError.forbidden('Only the owner of this exocorp can do this')
  return access
}
