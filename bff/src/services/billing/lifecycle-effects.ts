import { and, asc, eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { isAppError } from '../../lib/errors'
import type { Actor } from '../audit'
import { requestLifecycleAction } from '../lifecycle/engine'
import type { BillingEffects } from './effects'

const BILLING_ACTOR: Actor = { type: 'system', id: null, label: 'billing' }

/**
 * A billing rule (suspension, a budget) pauses or resumes one exocorp as a system actor, without
 * the typed-slug confirmation. A refusal (a job in flight, already moved) is logged as `refused`
 * and answered `false`: the rule does not retry, so the log says why nothing happened.
 */
export async function requestSystemAction(
  deps: Deps,
  req: { companyId: string; action: 'pause' | 'resume'; actor: Actor; via: string },
  refused: string,
): Promise<boolean> {
  try {
    await requestLifecycleAction(deps, { ...req, access: { kind: 'system' }, bypassConfirm: true })
    return true
  } catch (err) {
    deps.log.warn({ companyId: req.companyId, err: isAppError(err) ? err.message : String(err) }, refused)
    return false
  }
}

/**
 * The real effects: ask the lifecycle engine to pause the owner's running exocorps, and to
 * resume them later. Without a runtime driver in this process (some tests, the CLI) nothing can
 * be paused, which is logged.
 */
export const lifecycleBillingEffects: BillingEffects = {
  async pauseForSuspension(deps: Deps, { ownerUserId }) {
    if (!deps.lifecycle) {
      deps.log.warn({ ownerUserId }, 'billing suspension: no lifecycle engine attached, nothing paused')
      return []
    }
    const running = await deps.db
      .select({ id: companies.id })
      .from(companies)
      .where(and(eq(companies.ownerUserId, ownerUserId), eq(companies.status, 'running')))
      .orderBy(asc(companies.createdAt), asc(companies.id))
    const paused: string[] = []
    for (const { id } of running) {
      const req = { companyId: id, action: 'pause', actor: BILLING_ACTOR, via: 'billing' } as const
      if (await requestSystemAction(deps, req, 'billing suspension: pause refused')) paused.push(id)
    }
    return paused
  },

  async resumeAfterSuspension(deps: Deps, { companyIds }) {
    if (!deps.lifecycle) return
    for (const id of companyIds) {
      const [row] = await deps.db.select({ status: companies.status }).from(companies).where(eq(companies.id, id)).limit(1)
      // Only what billing paused and is still paused: the owner may have stopped or destroyed it since.
      if (row?.status !== 'paused') continue
      await requestSystemAction(
        deps,
        { companyId: id, action: 'resume', actor: BILLING_ACTOR, via: 'billing' },
        'billing: resume refused',
      )
    }
  },
}
