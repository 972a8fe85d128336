import { and, asc, eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { isAppError } from '../../lib/errors'
import type { Actor } from '../audit'
import { requestLifecycleAction } from '../lifecycle/engine'
import type { BillingEffects } from './effects'

const BILLING_ACTOR: Actor = { type: 'system', id: null, label: 'billing' }

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
      try {
        await requestLifecycleAction(deps, {
          companyId: id,
          action: 'pause',
          actor: BILLING_ACTOR,
          access: { kind: 'system' },
          via: 'billing',
          bypassConfirm: true,
        })
        paused.push(id)
      } catch (err) {
        // Busy (a job in flight) or already moved: the next evaluation does not retry, so say so.
        deps.log.warn({ companyId: id, err: isAppError(err) ? err.message : String(err) }, 'billing suspension: pause refused')
      }
    }
    return paused
  },

  async resumeAfterSuspension(deps: Deps, { companyIds }) {
    if (!deps.lifecycle) return
    for (const id of companyIds) {
      const [row] = await deps.db.select({ status: companies.status }).from(companies).where(eq(companies.id, id)).limit(1)
      // Only what billing paused and is still paused: the owner may have stopped or destroyed it since.
      if (row?.status !== 'paused') continue
      try {
        await requestLifecycleAction(deps, {
          companyId: id,
          action: 'resume',
          actor: BILLING_ACTOR,
          access: { kind: 'system' },
          via: 'billing',
          bypassConfirm: true,
        })
      } catch (err) {
        deps.log.warn({ companyId: id, err: isAppError(err) ? err.message : String(err) }, 'billing: resume refused')
      }
    }
  },
}
