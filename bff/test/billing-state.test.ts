import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { auditEvents } from '../src/db/schema/audit'
import { companies } from '../src/db/schema/companies'
import type { RuntimeDriver } from '../src/runtime/driver'
import { evaluateAllAccounts } from '../src/services/billing/state'
import { requestLifecycleAction } from '../src/services/lifecycle/engine'
import { SYSTEM_ACTOR } from '../src/services/audit'
import { addCompany, billingWorld, sendPayment, signInAgain, stateOf } from './billing-fixtures'
import type { Harness } from './harness'

const DAY = 86_400_000

/** Records pause/resume; everything else is never reached by these tests. */
function recordingDriver() {
  const calls: string[] = []
  const unused = () => Promise.reject(new Error('not used in billing tests'))
  const driver: RuntimeDriver = {
    name: 'recording',
    allocate: unused,
    start: unused,
    stop: async (id) => void calls.push(`stop:${id}`),
    pause: async (id) => void calls.push(`pause:${id}`),
    resume: async (id) => void calls.push(`resume:${id}`),
    destroy: async (id) => void calls.push(`destroy:${id}`),
    probe: async () => ({ healthy: true, paused: false, version: '1.5.0', detail: null }),
    handle: (id) => ({ companyId: id, endpoint: 'http://127.0.0.1:1', pid: null, controlToken: null }),
    reconcile: async () => [],
    capacity: () => ({ driver: 'recording', maxRuntimes: 10, running: 0 }),
    shutdownAll: async () => undefined,
    releaseAll: async () => 0,
  }
  return { driver, calls }
}

async function statusOf(h: Harness, id: string) {
  const [row] = await h.db.select({ status: companies.status }).from(companies).where(eq(companies.id, id))
  return row?.status
}

describe('billing state machine over time', () => {
  it('current → grace → restricted → suspended by policy, and back to current on payment, with lifecycle effects', async () => {
    const { driver, calls } = recordingDriver()
    const w = await billingWorld({ lifecycle: { driver } })
    const { h, owner, userAccountId: acct, userId } = w
    const running = await addCompany(h, userId, 'acme-running', 'running')
    const stopped = await addCompany(h, userId, 'acme-stopped', 'stopped')
    const draft = await addCompany(h, userId, 'acme-draft', 'draft')

    // Policy: grace 3 days, restricted after 3, suspended after 10.
    const policy = await owner.request('PUT', `/api/admin/billing/accounts/${acct}/policy`, {
      graceDays: 3,
      suspendAfterDays: 10,
    })
    expect(policy.status).toBe(200)
    expect(policy.json.policy).toMatchObject({ graceDays: 3, restrictAfterDays: 3, suspendAfterDays: 10, isDefault: false })

    // Usage beyond the credit: overdue at once → grace.
    await owner.post(`/api/admin/billing/accounts/${acct}/adjustments`, {
      amountMicros: -40_000_000,
      reason: 'Usage import',
      idempotencyKey: 'usage-import-1',
    })
    expect(await stateOf(h, acct)).toBe('grace')

    h.clock.advance(2 * DAY)
    await evaluateAllAccounts(h.deps)
    expect(await stateOf(h, acct)).toBe('grace')

    h.clock.advance(1 * DAY)
    const changes = await evaluateAllAccounts(h.deps)
    expect(changes).toMatchObject([{ accountId: acct, from: 'grace', to: 'restricted' }])
    expect(await stateOf(h, acct)).toBe('restricted')
    // Restricted: the lifecycle engine refuses provisioning with 409 and the reason.
    await expect(
      requestLifecycleAction(h.deps, {
        companyId: draft,
        action: 'provision',
        actor: SYSTEM_ACTOR,
        access: { kind: 'user', userId },
      }),
    ).rejects.toMatchObject({ status: 409, details: { reason: 'billing_restricted' } })
    expect(await statusOf(h, running)).toBe('running')
    expect(calls).toEqual([])

    h.clock.advance(7 * DAY)
    await evaluateAllAccounts(h.deps)
    expect(await stateOf(h, acct)).toBe('suspended')
    expect(await statusOf(h, running)).toBe('paused')
    expect(await statusOf(h, stopped)).toBe('stopped')
    expect(calls).toEqual([`pause:${running}`])

    // The owner sees what happened and what to do.
    await signInAgain(w.user, 'user@example.com')
    const pageRes = await w.user.get('/api/billing/account')
    expect(pageRes.status, pageRes.text).toBe(200)
    const page = pageRes.json
    expect(page.account.state).toBe('suspended')
    expect(page.amountDueMicros).toBe(15_000_000)
    expect(page.notice.title).toMatch(/paused/)

    // A partial payment is booked but is not enough.
    expect((await sendPayment(h, acct, 5_000_000)).status).toBe(200)
    expect(await stateOf(h, acct)).toBe('suspended')
    // Paying the rest makes the account current at once and resumes what billing paused.
    await sendPayment(h, acct, 10_000_000)
    expect(await stateOf(h, acct)).toBe('current')
    expect(await statusOf(h, running)).toBe('running')
    expect(await statusOf(h, stopped)).toBe('stopped')
    expect(calls).toEqual([`pause:${running}`, `resume:${running}`])

    const transitions = (await h.db.select().from(auditEvents).orderBy(auditEvents.seq))
      .filter((e) => e.action === 'billing.state_changed')
      .map((e) => JSON.parse(e.details) as { from: string; to: string })
      .map((d) => `${d.from}→${d.to}`)
    expect(transitions).toEqual(['current→grace', 'grace→restricted', 'restricted→suspended', 'suspended→current'])
    const effects = (await h.db.select().from(auditEvents).orderBy(auditEvents.seq)).filter((e) =>
      e.action.startsWith('billing.exocorps_'),
    )
    expect(effects.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'billing.exocorps_paused:succeeded',
      'billing.exocorps_resumed:succeeded',
    ])
  })

  it('does not resume an exocorp the owner stopped while suspended', async () => {
    const { driver, calls } = recordingDriver()
    const w = await billingWorld({ lifecycle: { driver } })
    const { h, owner, userAccountId: acct, userId } = w
    const running = await addCompany(h, userId, 'acme-one', 'running')
    await owner.request('PUT', `/api/admin/billing/accounts/${acct}/policy`, { graceDays: 0, suspendAfterDays: 0 })
    await owner.post(`/api/admin/billing/accounts/${acct}/adjustments`, {
      amountMicros: -26_000_000,
      reason: 'Usage import',
      idempotencyKey: 'usage-import-2',
    })
    expect(await stateOf(h, acct)).toBe('suspended')
    expect(await statusOf(h, running)).toBe('paused')
    await requestLifecycleAction(h.deps, {
      companyId: running,
      action: 'stop',
      actor: SYSTEM_ACTOR,
      access: { kind: 'user', userId },
      bypassConfirm: true,
    })
    await sendPayment(h, acct, 1_000_000)
    expect(await stateOf(h, acct)).toBe('current')
    expect(await statusOf(h, running)).toBe('stopped')
    expect(calls).toEqual([`pause:${running}`, `stop:${running}`])
  })

  it('a payment during grace returns the account to current; the collections queue empties', async () => {
    const w = await billingWorld()
    const { h, owner, admin, userAccountId: acct } = w
    await owner.post(`/api/admin/billing/accounts/${acct}/adjustments`, {
      amountMicros: -26_000_000,
      reason: 'Usage import',
      idempotencyKey: 'usage-import-3',
    })
    h.clock.advance(2 * DAY)
    await signInAgain(admin, 'admin@example.com')
    const queue = (await admin.get('/api/admin/billing/collections')).json
    expect(queue.items[0]).toMatchObject({ daysInState: 2, amountDueMicros: 1_000_000, nextState: 'restricted' })
    await sendPayment(h, acct, 1_000_000)
    expect(await stateOf(h, acct)).toBe('current')
    expect((await admin.get('/api/admin/billing/collections')).json.items).toEqual([])
  })

  it('the default policy applies without an override: restricted after 7 days, suspended after 14', async () => {
    const w = await billingWorld()
    const { h, owner, userAccountId: acct } = w
    await owner.post(`/api/admin/billing/accounts/${acct}/adjustments`, {
      amountMicros: -26_000_000,
      reason: 'Usage import',
      idempotencyKey: 'usage-import-4',
    })
    h.clock.advance(7 * DAY - 1)
    await evaluateAllAccounts(h.deps)
    expect(await stateOf(h, acct)).toBe('grace')
    h.clock.advance(1)
    await evaluateAllAccounts(h.deps)
    expect(await stateOf(h, acct)).toBe('restricted')
    h.clock.advance(7 * DAY)
    await evaluateAllAccounts(h.deps)
    expect(await stateOf(h, acct)).toBe('suspended')
  })

  it('pauses an exocorp that reaches running while the account is already suspended', async () => {
    const { driver, calls } = recordingDriver()
    const w = await billingWorld({ lifecycle: { driver } })
    const { h, owner, userAccountId: acct, userId } = w
    await owner.request('PUT', `/api/admin/billing/accounts/${acct}/policy`, { graceDays: 0, suspendAfterDays: 0 })
    await owner.post(`/api/admin/billing/accounts/${acct}/adjustments`, {
      amountMicros: -26_000_000,
      reason: 'Usage import',
      idempotencyKey: 'usage-import-5',
    })
    expect(await stateOf(h, acct)).toBe('suspended')
    // Came up after the suspension (a start that was already under way).
    const late = await addCompany(h, userId, 'acme-late', 'running')
    await evaluateAllAccounts(h.deps)
    expect(await statusOf(h, late)).toBe('paused')
    expect(calls).toEqual([`pause:${late}`])
    await sendPayment(h, acct, 1_000_000)
    expect(await statusOf(h, late)).toBe('running')
  })
})
