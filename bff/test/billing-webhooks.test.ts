import { describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { auditEvents } from '../src/db/schema/audit'
import { ledgerEntries } from '../src/db/schema/billing'
import { signWebhook } from '../src/services/billing/webhooks'
import { balanceOf, billingWorld, sendPayment, WEBHOOK_SECRET } from './billing-fixtures'

async function paymentCount(w: Awaited<ReturnType<typeof billingWorld>>) {
  const [row] = await w.h.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.kind, 'payment'))
  return row?.n ?? 0
}

describe('payment webhook', () => {
  it('books a signed payment once and answers 200 to the replayed event id without booking again', async () => {
    const w = await billingWorld()
    const first = await sendPayment(w.h, w.userAccountId, 7_000_000, { eventId: 'evt_1' })
    expect(first.status).toBe(200)
    expect(first.json).toEqual({ received: true, duplicate: false, status: 'booked' })
    const again = await sendPayment(w.h, w.userAccountId, 7_000_000, { eventId: 'evt_1' })
    expect(again.status).toBe(200)
    expect(again.json).toMatchObject({ duplicate: true })
    expect(await paymentCount(w)).toBe(1)
    expect(await balanceOf(w.h, w.userAccountId)).toBe(32_000_000)
    const log = (await w.admin.get('/api/admin/billing/provider-events')).json
    expect(log.items).toMatchObject([{ eventId: 'evt_1', deliveries: 2, status: 'booked' }])
  })

  it('treats a signed delivery replayed to another provider path as a duplicate', async () => {
    const w = await billingWorld()
    const body = JSON.stringify({
      id: 'evt_x',
      type: 'payment.succeeded',
      data: { accountId: w.userAccountId, amountMicros: 5_000_000 },
    })
    const ts = Math.floor(w.h.clock.now().getTime() / 1000)
    const headers = {
      'content-type': 'application/json',
      'webhook-id': 'evt_x',
      'webhook-timestamp': String(ts),
      'webhook-signature': signWebhook(WEBHOOK_SECRET, 'evt_x', ts, body),
    }
    for (const provider of ['stripe', 'x1', 'x2']) {
      const res = await w.h.app.request(`http://localhost/api/billing/webhooks/${provider}`, { method: 'POST', headers, body })
      expect(res.status).toBe(200)
    }
    expect(await paymentCount(w)).toBe(1)
  })

  it('refuses a bad signature with 401 and books nothing', async () => {
    const w = await billingWorld()
    const res = await sendPayment(w.h, w.userAccountId, 7_000_000, { secret: 'someone-elses-secret-123' })
    expect(res.status).toBe(401)
    expect(res.json?.error.code).toBe('unauthenticated')
    expect(await paymentCount(w)).toBe(0)
    const refused = (await w.h.db.select().from(auditEvents).orderBy(auditEvents.seq)).filter(
      (e) => e.action === 'billing.webhook_refused',
    )
    expect(refused).toHaveLength(1)
  })

  it('refuses a body changed after signing', async () => {
    const w = await billingWorld()
    const body = JSON.stringify({ id: 'evt_t', type: 'payment.succeeded', data: { accountId: w.userAccountId, amountMicros: 1 } })
    const ts = Math.floor(w.h.clock.now().getTime() / 1000)
    const tampered = body.replace('"amountMicros":1', '"amountMicros":1000000000')
    const res = await w.h.app.request('http://localhost/api/billing/webhooks/stripe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_t',
        'webhook-timestamp': String(ts),
        'webhook-signature': signWebhook(WEBHOOK_SECRET, 'evt_t', ts, body),
      },
      body: tampered,
    })
    expect(res.status).toBe(401)
    expect(await paymentCount(w)).toBe(0)
  })

  it('refuses timestamps more than 5 minutes away, either way', async () => {
    const w = await billingWorld()
    const now = Math.floor(w.h.clock.now().getTime() / 1000)
    expect((await sendPayment(w.h, w.userAccountId, 1_000_000, { timestamp: now - 301 })).status).toBe(401)
    expect((await sendPayment(w.h, w.userAccountId, 1_000_000, { timestamp: now + 301 })).status).toBe(401)
    expect((await sendPayment(w.h, w.userAccountId, 1_000_000, { timestamp: now - 299 })).status).toBe(200)
    expect(await paymentCount(w)).toBe(1)
  })

  it('refuses missing headers and malformed (but signed) bodies with 400', async () => {
    const w = await billingWorld()
    const bare = await w.h.app.request('http://localhost/api/billing/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(bare.status).toBe(400)
    expect((await sendPayment(w.h, w.userAccountId, 1, { body: 'not json', eventId: 'evt_x' })).status).toBe(400)
    const wrongShape = JSON.stringify({
      id: 'evt_y',
      type: 'payment.succeeded',
      data: { accountId: w.userAccountId, amountMicros: -5 },
    })
    expect((await sendPayment(w.h, w.userAccountId, 1, { body: wrongShape, eventId: 'evt_y' })).status).toBe(400)
    const mismatched = JSON.stringify({
      id: 'evt_other',
      type: 'payment.succeeded',
      data: { accountId: w.userAccountId, amountMicros: 5 },
    })
    expect((await sendPayment(w.h, w.userAccountId, 1, { body: mismatched, eventId: 'evt_z' })).status).toBe(400)
    expect(await paymentCount(w)).toBe(0)
  })

  it('logs but does not book unknown accounts and other event types', async () => {
    const w = await billingWorld()
    const unknown = await sendPayment(w.h, 'no-such-account', 1_000_000)
    expect(unknown.json).toMatchObject({ status: 'ignored' })
    const failed = await sendPayment(w.h, w.userAccountId, 1_000_000, { type: 'payment.failed' })
    expect(failed.json).toMatchObject({ status: 'ignored' })
    expect(await paymentCount(w)).toBe(0)
    const log = (await w.admin.get('/api/admin/billing/provider-events?status=ignored')).json
    expect(log.items).toHaveLength(2)
  })
})
