import { describe, expect, it } from 'vitest'
import { ManualClock } from '../src/lib/clock'
import { leases } from '../src/db/schema/runtimes'
import { startBillingEvaluator } from '../src/services/billing/state'
import { acquireLease, releaseLease } from '../src/services/instances'
import { makeHarness, openTestDb } from './harness'

// Singleton loops (the billing evaluator) run on the one instance that holds their lease.

describe('leases for loops only one instance may run', () => {
  it('20 instances asking at once: exactly one holds it, renews it, and another takes it once it lapses', async () => {
    const db = await openTestDb()
    const clock = new ManualClock('2026-06-01T12:00:00.000Z')
    const deps = { db, clock }
    const asked = await Promise.all(Array.from({ length: 20 }, (_, i) => acquireLease(deps, 'billing-evaluator', `i${i}`, 3_000)))
    expect(asked.filter(Boolean)).toHaveLength(1)
    const holder = `i${asked.indexOf(true)}`
    const other = holder === 'i0' ? 'i1' : 'i0'

    clock.advance(2_000)
    expect(await acquireLease(deps, 'billing-evaluator', other, 3_000)).toBe(false)
    expect(await acquireLease(deps, 'billing-evaluator', holder, 3_000)).toBe(true)
    clock.advance(2_500)
    // Renewed 2.5 s ago for 3 s: still the holder's.
    expect(await acquireLease(deps, 'billing-evaluator', other, 3_000)).toBe(false)
    clock.advance(1_000)
    expect(await acquireLease(deps, 'billing-evaluator', other, 3_000)).toBe(true)
    expect(await acquireLease(deps, 'billing-evaluator', holder, 3_000)).toBe(false)

    await releaseLease(deps, 'billing-evaluator', other)
    expect(await acquireLease(deps, 'billing-evaluator', holder, 3_000)).toBe(true)
  })
})

describe('the billing evaluator runs under its lease', () => {
  it('holds the lease while it runs, and a stopped instance hands the loop over at once', async () => {
    const a = await makeHarness()
    // A second instance on the same database: its own deps, the same db.
    const b = { ...a.deps }
    const stopA = startBillingEvaluator(a.deps, { holder: 'instance-a', intervalMs: 20 })
    await expect
      .poll(async () => (await a.db.select().from(leases)).map((l) => l.holder), { timeout: 5_000 })
      .toEqual(['instance-a'])
    // While A holds it, B is refused the loop.
    expect(await acquireLease(b, 'billing-evaluator', 'instance-b', 60_000)).toBe(false)
    await stopA()
    expect(await a.db.select().from(leases)).toEqual([])
    expect(await acquireLease(b, 'billing-evaluator', 'instance-b', 60_000)).toBe(true)
  })
})
