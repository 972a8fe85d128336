import { describe, expect, it } from 'vitest'
import { LedgerPageSchema } from '@exocorp/shared/billing'
import { ledgerEntries } from '../src/db/schema/billing'
import { recordUsageEvent } from '../src/services/catalog/pricing'
import { bookUsage, bookUsageEvent } from '../src/services/billing/ledger'
import { evaluateAccount, evaluateAllAccounts } from '../src/services/billing/state'
import { addCompany, balanceOf, billingWorld, sendPayment, stateOf, stepUp } from './billing-fixtures'

/** Small seeded PRNG so a failing sequence can be replayed from its seed. */
function mulberry32(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type World = Awaited<ReturnType<typeof billingWorld>>

async function ledgerSum(w: World, accountId: string) {
  let cursor: string | null = null
  let sum = 0
  let count = 0
  do {
    const res = await w.admin.get(`/api/admin/billing/accounts/${accountId}?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
    const page = LedgerPageSchema.parse(res.json.ledger)
    for (const e of page.items) sum += e.amountMicros
    count += page.items.length
    cursor = page.nextCursor
  } while (cursor)
  return { sum, count }
}

describe('ledger property: the balance is always the sum of the entries', () => {
  for (const seed of [1, 7, 42]) {
    it(`random usage, payments, adjustments and replays keep balance = sum (seed ${seed})`, async () => {
      const w = await billingWorld()
      const rnd = mulberry32(seed)
      const acct = w.userAccountId
      let expected = 25_000_000
      let entries = 1
      const usedKeys: { key: string; amount: number; reason: string }[] = []
      const usageIds: string[] = []
      const eventIds: string[] = []
      for (let step = 0; step < 40; step++) {
        const r = rnd()
        const amount = 1 + Math.floor(rnd() * 9_000_000)
        // Under the 30-minute idle limit of the test sessions.
        w.h.clock.advance(Math.floor(rnd() * 60_000))
        if (r < 0.3) {
          // Usage, sometimes a retried report of an earlier event.
          const retry = usageIds.length > 0 && rnd() < 0.3
          const usageEventId = retry ? usageIds[Math.floor(rnd() * usageIds.length)]! : `use_${seed}_${step}`
          const res = await bookUsage(w.h.deps, { ownerUserId: w.userId, companyId: 'co_1', usageEventId, costMicros: amount })
          expect(res?.created).toBe(!retry)
          if (!retry) {
            usageIds.push(usageEventId)
            expected -= amount
            entries++
          }
          await evaluateAccount(w.h.deps, acct, 'usage')
        } else if (r < 0.55) {
          const replay = eventIds.length > 0 && rnd() < 0.3
          const eventId = replay ? eventIds[Math.floor(rnd() * eventIds.length)]! : `evt_${seed}_${step}`
          const res = await sendPayment(w.h, acct, amount, { eventId })
          expect(res.status).toBe(200)
          expect(res.json?.duplicate).toBe(replay)
          if (!replay) {
            eventIds.push(eventId)
            expected += amount
            entries++
          }
        } else if (r < 0.8) {
          const key = `adj-key-${seed}-${step}`
          const signed = rnd() < 0.5 ? -amount : amount
          // The clock moves by hours between steps; the step-up lasts 10 minutes.
          await stepUp(w.owner)
          const res = await w.owner.post(`/api/admin/billing/accounts/${acct}/adjustments`, {
            amountMicros: signed,
            reason: 'Property test',
            idempotencyKey: key,
          })
          expect(res.status).toBe(201)
          usedKeys.push({ key, amount: signed, reason: 'Property test' })
          expected += signed
          entries++
        } else if (usedKeys.length > 0) {
          const old = usedKeys[Math.floor(rnd() * usedKeys.length)]!
          const same = rnd() < 0.5
          await stepUp(w.owner)
          const res = await w.owner.post(`/api/admin/billing/accounts/${acct}/adjustments`, {
            amountMicros: same ? old.amount : old.amount * 2,
            reason: old.reason,
            idempotencyKey: old.key,
          })
          expect(res.status).toBe(same ? 200 : 409)
        }
        const account = (await w.admin.get(`/api/admin/billing/accounts/${acct}?limit=1`)).json.account
        expect(account.balanceMicros).toBe(expected)
        expect(await balanceOf(w.h, acct)).toBe(expected)
        // State follows the balance: paid up ⇔ current (the default policy never suspends within hours).
        expect((await stateOf(w.h, acct)) === 'current').toBe(expected >= 0)
      }
      const { sum, count } = await ledgerSum(w, acct)
      expect(sum).toBe(expected)
      expect(count).toBe(entries)
    })
  }

  it('ledger entries cannot be rewritten', async () => {
    const w = await billingWorld()
    const rewrite = w.h.db.write(async (tx) => {
      await tx.update(ledgerEntries).set({ amountMicros: 1 })
    })
    await expect(rewrite).rejects.toSatisfy((err) => /append-only/.test(String((err as { cause?: unknown }).cause ?? err)))
  })

  it('books a usage event for its owner once, linked to the exocorp', async () => {
    const w = await billingWorld()
    const first = await bookUsage(w.h.deps, { ownerUserId: w.userId, companyId: 'co_9', usageEventId: 'ue_1', costMicros: 1234 })
    const again = await bookUsage(w.h.deps, {
      accountId: w.userAccountId,
      companyId: 'co_9',
      usageEventId: 'ue_1',
      costMicros: 1234,
    })
    expect(first).toMatchObject({
      created: true,
      entry: { kind: 'usage', amountMicros: -1234, companyId: 'co_9', usageEventId: 'ue_1' },
    })
    expect(again?.created).toBe(false)
    expect(again?.entry.id).toBe(first?.entry.id)
    expect(await balanceOf(w.h, w.userAccountId)).toBe(25_000_000 - 1234)
    expect(
      await bookUsage(w.h.deps, { ownerUserId: 'nobody', companyId: 'co_9', usageEventId: 'ue_2', costMicros: 1 }),
    ).toBeNull()
  })

  it('usage priced by the active price book becomes ledger entries on the next evaluation, once', async () => {
    const w = await billingWorld()
    const co = await addCompany(w.h, w.userId, 'acme-usage', 'running')
    // gpt-4o in the seeded book: $2.50 / $10.00 per million tokens.
    const first = await recordUsageEvent(w.h.deps, {
      companyId: co,
      model: 'gpt-4o',
      inputTokens: 1_000_000,
      outputTokens: 2_000_000,
      externalId: 'r-1',
    })
    await recordUsageEvent(w.h.deps, {
      companyId: co,
      model: 'gpt-4o',
      inputTokens: 1_000_000,
      outputTokens: 2_000_000,
      externalId: 'r-1',
    })
    expect(first.costMicros).toBe(22_500_000)
    await evaluateAllAccounts(w.h.deps)
    await evaluateAllAccounts(w.h.deps)
    expect(await balanceOf(w.h, w.userAccountId)).toBe(2_500_000)
    const ledger = (await w.admin.get(`/api/admin/billing/accounts/${w.userAccountId}?kind=usage`)).json.ledger
    expect(ledger.items).toMatchObject([{ kind: 'usage', amountMicros: -22_500_000, companyId: co, usageEventId: first.id }])
    expect(ledger.items[0].description).toMatch(/gpt-4o/)

    // A second report booked straight away by the route helper, then overdue → grace.
    const second = await recordUsageEvent(w.h.deps, { companyId: co, model: 'gpt-4o', inputTokens: 0, outputTokens: 1_000_000 })
    expect((await bookUsageEvent(w.h.deps, second.id))?.created).toBe(true)
    await evaluateAllAccounts(w.h.deps)
    expect(await balanceOf(w.h, w.userAccountId)).toBe(-7_500_000)
    expect(await stateOf(w.h, w.userAccountId)).toBe('grace')
  })
})
