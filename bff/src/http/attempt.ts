import { isAppError } from '../lib/errors'
import { audit, type AppContext } from './context'
import type { AuditedAttempt } from './validate'

/*
 * Audited attempts: every mutation attempt writes exactly one row, whether it succeeds, is refused
 * or fails. `validate(target, schema, attemptOf)` audits a refused input; `attempt` audits what
 * the service did. Details are picked field by field; request bodies (which may hold a
 * credential) never reach the audit trail.
 */

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
  meta: AuditedAttempt,
  run: () => Promise<T>,
  describe: (result: T) => { summary: string; details?: Record<string, unknown>; targetId?: string },
): Promise<T> {
  let result: T
  try {
    result = await run()
  } catch (err) {
    await audit(c, {
      ...(meta.actor ? { actor: meta.actor } : {}),
      action: meta.action,
      target: meta.target,
      outcome: 'failed',
      summary: meta.failSummary,
      details: { ...meta.details, ...failureDetails(err) },
    })
    throw err
  }
  const d = describe(result)
  await audit(c, {
    ...(meta.actor ? { actor: meta.actor } : {}),
    action: meta.action,
    target: { type: meta.target.type, id: d.targetId ?? meta.target.id },
    outcome: 'succeeded',
    summary: d.summary,
    details: { ...meta.details, ...d.details },
  })
  return result
}
