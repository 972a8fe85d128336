import { describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { auditEvents } from '../src/db/schema/audit'
import { checkoutSessions, ledgerEntries, providerEvents } from '../src/db/schema/billing'
import { companies } from '../src/db/schema/companies'
import type { RuntimeDriver } from '../src/runtime/driver'
import { evaluateAllAccounts } from '../src/services/billing/state'
import { signWebhook } from '../src/services/billing/webhooks'
import { addCompany, balanceOf, billingWorld, signInAgain, stateOf, stepUp, WEBHOOK_SECRET } from './billing-fixtures'
import { ORIGIN, TestClient, type Harness } from './harness'

const DAY = 86_400_000

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

async function payments(h: Harness) {
  const [row] = await h.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.kind, 'payment'))
  return row?.n ?? 0
}

async function rowCounts(h: Harness) {
  const [l] = await h.db.select({ n: count() }).from(ledgerEntries)
  const [s] = await h.db.select({ n: count() }).from(checkoutSessions)
  const [p] = await h.db.select({ n: count() }).from(providerEvents)
  return { ledger: l?.n, sessions: s?.n, events: p?.n }
}

/** What the owner's browser does on the provider's page: post the card form (same origin). */
async function submitCard(h: Harness, checkoutUrl: string, card: Record<string, string>, origin = ORIGIN) {
  const res = await h.app.request(`http://localhost${checkoutUrl}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ expiry: '12/40', cvc: '123', name: 'Pat Payer', ...card }).toString(),
  })
  return { status: res.status, location: res.headers.get('location'), html: await res.text() }
}

/** Puts the user's account into debt: `dueMicros` below zero, in grace at once. */
async function owe(w: Awaited<ReturnType<typeof billingWorld>>, dueMicros: number) {
  const res = await w.owner.post(`/api/admin/billing/accounts/${w.userAccountId}/adjustments`, {
    amountMicros: -(25_000_000 + dueMicros),
    reason: 'Usage import',
    idempotencyKey: `owe-${dueMicros}-${Math.random().toString(36).slice(2)}`,
  })
  expect(res.status, res.text).toBe(201)
}

function signed(eventId: string, body: unknown, h: Harness) {
  const raw = JSON.stringify(body)
  const ts = Math.floor(h.clock.now().getTime() / 1000)
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': eventId,
      'webhook-timestamp': String(ts),
      'webhook-signature': signWebhook(WEBHOOK_SECRET, eventId, ts, raw),
    },
    body: raw,
  }
}

describe('checkout with the built-in test provider', () => {
  it('pays what is due with a test card: booked once, grace → current at once, receipt listed, replay books nothing', async () => {
    const w = await billingWorld()
    const { h, user, userAccountId: acct } = w
    await owe(w, 17_503_000) // $17.503 due → the checkout asks for $17.51
    expect(await stateOf(h, acct)).toBe('grace')

    const res = await user.post('/api/billing/checkout', { payDue: true })
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({ amountMicros: 17_510_000, currency: 'USD' })
    expect(res.json.checkoutUrl).toMatch(/^\/pay\/test\/checkout\/cs_[0-9a-f]+$/)

    const page = await h.app.request(`http://localhost${res.json.checkoutUrl}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('$17.51')
    expect(html).toContain('4242 4242 4242 4242')
    expect(html).toContain('<label for="number">Card number</label>')

    const paid = await submitCard(h, res.json.checkoutUrl, { number: '4242 4242 4242 4242' })
    expect(paid.status).toBe(303)
    expect(paid.location).toBe(`/billing?checkout=${res.json.id}`)
    expect(await stateOf(h, acct)).toBe('current')
    expect(await payments(h)).toBe(1)
    expect(await balanceOf(h, acct)).toBe(7_000)

    const session = await user.get(`/api/billing/checkout/${res.json.id}`)
    expect(session.json).toMatchObject({
      status: 'paid',
      receipt: { amountMicros: 17_510_000, refundedMicros: 0, card: { brand: 'Visa', last4: '4242' } },
    })
    const receipts = await user.get('/api/billing/receipts')
    expect(receipts.json.items).toHaveLength(1)
    expect(receipts.json.items[0].number).toMatch(/^R-[0-9A-F]{8}$/)
    expect((await user.get('/api/billing/account')).json.notice).toBeNull()

    // The provider retries its event: acknowledged as a duplicate, nothing booked.
    const [event] = await h.db.select().from(providerEvents).where(eq(providerEvents.provider, 'test'))
    const replay = await h.app.request(
      'http://localhost/api/billing/webhooks/test',
      signed(event!.eventId, JSON.parse(event!.payload), h),
    )
    expect(replay.status).toBe(200)
    expect(await replay.json()).toMatchObject({ duplicate: true })
    // The form posted again (back button, second tab) finds the checkout paid.
    const again = await submitCard(h, res.json.checkoutUrl, { number: '4242424242424242' })
    expect(again.status).toBe(200)
    expect(again.html).toContain('already paid')
    expect(await payments(h)).toBe(1)
    expect(await balanceOf(h, acct)).toBe(7_000)
  })

  it('books one payment from 20 concurrent deliveries of the same event', async () => {
    const w = await billingWorld()
    const { h, user, userAccountId: acct } = w
    const res = await user.post('/api/billing/checkout', { amountMinor: 2500 })
    expect(res.status).toBe(201)
    const body = {
      id: 'evt_concurrent',
      type: 'payment.succeeded',
      data: { accountId: acct, amountMicros: 25_000_000, currency: 'USD', checkoutSessionId: res.json.id },
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () =>
        h.app.request('http://localhost/api/billing/webhooks/test', signed('evt_concurrent', body, h)),
      ),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    const acks = await Promise.all(answers.map((a) => a.json() as Promise<{ duplicate: boolean }>))
    expect(acks.filter((a) => !a.duplicate)).toHaveLength(1)
    expect(await payments(h)).toBe(1)
    expect(await balanceOf(h, acct)).toBe(50_000_000)
    const [event] = await h.db.select().from(providerEvents).where(eq(providerEvents.eventId, 'evt_concurrent'))
    expect(event?.deliveries).toBe(20)
    expect((await user.get(`/api/billing/checkout/${res.json.id}`)).json.status).toBe('paid')
  })

  it('a declined card books nothing and the page says so; another card then pays', async () => {
    const w = await billingWorld()
    const { h, user, userAccountId: acct } = w
    await owe(w, 5_000_000)
    const res = await user.post('/api/billing/checkout', { payDue: true })
    const before = await balanceOf(h, acct)
    const declined = await submitCard(h, res.json.checkoutUrl, { number: '4000 0000 0000 0002' })
    expect(declined.status).toBe(402)
    expect(declined.html).toContain('role="alert"')
    expect(declined.html).toContain('Your card was declined')
    expect(await payments(h)).toBe(0)
    expect(await balanceOf(h, acct)).toBe(before)
    expect(await stateOf(h, acct)).toBe('grace')
    expect((await user.get(`/api/billing/checkout/${res.json.id}`)).json).toMatchObject({
      status: 'open',
      lastDecline: 'Your card was declined. Try another card.',
      receipt: null,
    })
    const failed = await h.db.select().from(providerEvents).where(eq(providerEvents.type, 'payment.failed'))
    expect(failed).toMatchObject([{ status: 'ignored', note: 'Payment declined: card_declined; nothing booked' }])

    const insufficient = await submitCard(h, res.json.checkoutUrl, { number: '4000000000009995' })
    expect(insufficient.status).toBe(402)
    expect(await payments(h)).toBe(0)

    const paid = await submitCard(h, res.json.checkoutUrl, { number: '5555 5555 5555 4444' })
    expect(paid.status).toBe(303)
    expect(await stateOf(h, acct)).toBe('current')
  })

  it('a suspended owner who pays gets the exocorps billing paused running again', async () => {
    const { driver, calls } = recordingDriver()
    const w = await billingWorld({ lifecycle: { driver } })
    const { h, owner, userAccountId: acct, userId } = w
    const running = await addCompany(h, userId, 'acme-running', 'running')
    await owner.request('PUT', `/api/admin/billing/accounts/${acct}/policy`, { graceDays: 0, suspendAfterDays: 0 })
    await owe(w, 12_000_000)
    h.clock.advance(DAY)
    await evaluateAllAccounts(h.deps)
    expect(await stateOf(h, acct)).toBe('suspended')
    expect(calls).toEqual([`pause:${running}`])

    await signInAgain(w.user, 'user@example.com')
    const res = await w.user.post('/api/billing/checkout', { payDue: true })
    expect(res.status, res.text).toBe(201)
    expect((await submitCard(h, res.json.checkoutUrl, { number: '4242424242424242' })).status).toBe(303)
    expect(await stateOf(h, acct)).toBe('current')
    const [row] = await h.db.select({ status: companies.status }).from(companies).where(eq(companies.id, running))
    expect(row?.status).toBe('running')
    expect(calls).toEqual([`pause:${running}`, `resume:${running}`])
  })

  it('refuses bad input with 400 and writes nothing; payDue with nothing due is 409', async () => {
    const w = await billingWorld()
    const { h, user } = w
    const before = await rowCounts(h)
    for (const body of [
      {},
      { amountMinor: 50 },
      { amountMinor: 12.5 },
      { amountMinor: '2500' },
      { amountMinor: 2_000_000 },
      { amountMinor: 2500, payDue: true },
      { payDue: false },
      { amountMinor: 2500, extra: 1 },
    ]) {
      const res = await user.post('/api/billing/checkout', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error.code).toBe('validation_failed')
    }
    const nothingDue = await user.post('/api/billing/checkout', { payDue: true })
    expect(nothingDue.status).toBe(409)
    expect(nothingDue.json.error.details.reason).toBe('nothing_due')
    expect(await rowCounts(h)).toEqual(before)
  })

  it('checks the card form on the provider page: field errors, expiry, cross-origin posts and expired checkouts', async () => {
    const w = await billingWorld()
    const { h, user } = w
    const res = await user.post('/api/billing/checkout', { amountMinor: 1000 })
    const bad = await submitCard(h, res.json.checkoutUrl, { number: '1234', expiry: '13/20', cvc: 'x' })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('aria-invalid="true"')
    expect(bad.html).toContain('Enter a valid card number.')
    expect(bad.html).toContain('Enter a month from 01 to 12.')
    const expiredCard = await submitCard(h, res.json.checkoutUrl, { number: '4242424242424242', expiry: '01/20' })
    expect(expiredCard.html).toContain('This card has expired.')
    const notTest = await submitCard(h, res.json.checkoutUrl, { number: '4111111111111111' })
    expect(notTest.html).toContain('use one of the test card numbers')
    expect((await submitCard(h, res.json.checkoutUrl, { number: '4242424242424242' }, 'https://evil.example')).status).toBe(403)
    expect(await payments(h)).toBe(0)

    expect((await h.app.request('http://localhost/pay/test/checkout/cs_nope')).status).toBe(404)
    h.clock.advance(2 * 3600_000)
    expect((await h.app.request(`http://localhost${res.json.checkoutUrl}`)).status).toBe(410)
    expect((await submitCard(h, res.json.checkoutUrl, { number: '4242424242424242' })).status).toBe(410)
    await signInAgain(user, 'user@example.com')
    expect((await user.get(`/api/billing/checkout/${res.json.id}`)).json.status).toBe('expired')
    expect(await payments(h)).toBe(0)
  })

  it('role × route: anonymous 401, agents and other tenants kept out', async () => {
    const w = await billingWorld()
    const { h, user, anon, admin } = w
    const mine = await user.post('/api/billing/checkout', { amountMinor: 1000 })
    expect((await anon.post('/api/billing/checkout', { amountMinor: 1000 })).status).toBe(401)
    expect((await anon.get('/api/billing/receipts')).status).toBe(401)
    expect((await anon.get(`/api/billing/checkout/${mine.json.id}`)).status).toBe(401)
    // Another account's checkout answers as one that does not exist.
    expect((await admin.get(`/api/billing/checkout/${mine.json.id}`)).status).toBe(404)
    expect((await admin.get('/api/billing/receipts')).json.items).toEqual([])
    // Admins and platform owners start checkouts for their own accounts only.
    const own = await admin.post('/api/billing/checkout', { amountMinor: 1000 })
    expect(own.status).toBe(201)
    const [s] = await h.db.select().from(checkoutSessions).where(eq(checkoutSessions.id, own.json.id))
    expect(s?.accountId).not.toBe(w.userAccountId)
    const audits = (await h.db.select().from(auditEvents)).filter((e) => e.action === 'billing.checkout_created')
    expect(audits).toHaveLength(2)
  })
})

describe('refunds by a platform owner', () => {
  async function paidWorld() {
    const w = await billingWorld()
    const res = await w.user.post('/api/billing/checkout', { amountMinor: 4000 })
    await submitCard(w.h, res.json.checkoutUrl, { number: '4242424242424242' })
    const receipt = (await w.user.get('/api/billing/receipts')).json.items[0]
    return { ...w, paymentEntryId: receipt.paymentEntryId as string }
  }

  it('refunds part of a payment once per key, never more than was paid, with step-up and audit', async () => {
    const w = await paidWorld()
    const { h, owner, admin, user, anon, userAccountId: acct, paymentEntryId } = w
    const path = `/api/admin/billing/accounts/${acct}/refunds`
    const body = { paymentEntryId, amountMicros: 15_000_000, reason: 'Charged twice by mistake', idempotencyKey: 'refund-0001' }
    expect((await anon.post(path, body)).status).toBe(401)
    expect((await user.post(path, body)).status).toBe(403)
    expect((await admin.post(path, body)).status).toBe(403)
    h.clock.advance(11 * 60_000)
    const stale = await owner.post(path, body)
    expect(stale.status).toBe(403)
    expect(stale.json.error.code).toBe('reauth_required')
    await signInAgain(owner, 'owner@example.com')
    await stepUp(owner)
    const balance = await balanceOf(h, acct)

    const first = await owner.post(path, body)
    expect(first.status, first.text).toBe(201)
    expect(first.json.entry).toMatchObject({ kind: 'refund', amountMicros: -15_000_000, reason: 'Charged twice by mistake' })
    const replayed = await Promise.all(Array.from({ length: 5 }, () => owner.post(path, body)))
    expect(replayed.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(await balanceOf(h, acct)).toBe(balance - 15_000_000)
    const reused = await owner.post(path, { ...body, amountMicros: 1_000_000 })
    expect(reused.status).toBe(409)
    const tooMuch = await owner.post(path, { ...body, amountMicros: 25_000_001, idempotencyKey: 'refund-0002' })
    expect(tooMuch.status).toBe(409)
    expect(tooMuch.json.error.details.reason).toBe('refund_exceeds_payment')
    await signInAgain(user, 'user@example.com')
    expect((await user.get('/api/billing/receipts')).json.items[0].refundedMicros).toBe(15_000_000)

    const rows = (await h.db.select().from(auditEvents)).filter((e) => e.action === 'billing.refund')
    expect(rows.map((r) => r.outcome).sort()).toEqual([
      'failed',
      'failed',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ])
  })

  it('refuses bad refund input with 400 and writes nothing; unknown payments are 404', async () => {
    const w = await paidWorld()
    const { h, owner, userAccountId: acct, paymentEntryId } = w
    const path = `/api/admin/billing/accounts/${acct}/refunds`
    const ok = { paymentEntryId, amountMicros: 1_000_000, reason: 'Goodwill', idempotencyKey: 'refund-0003' }
    const before = await rowCounts(h)
    for (const body of [
      {},
      { ...ok, amountMicros: 0 },
      { ...ok, amountMicros: -5 },
      { ...ok, amountMicros: 1.5 },
      { ...ok, reason: '' },
      { ...ok, idempotencyKey: 'short' },
      { ...ok, extra: true },
    ]) {
      const res = await owner.post(path, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect((await owner.post(path, { ...ok, paymentEntryId: 'nope' })).status).toBe(404)
    expect((await owner.post('/api/admin/billing/accounts/nope/refunds', ok)).status).toBe(404)
    expect(await rowCounts(h)).toEqual(before)
  })

  it('a fresh client without a session cannot use the provider page to pay someone else twice', async () => {
    const w = await paidWorld()
    const stranger = new TestClient(w.h.app)
    expect((await stranger.get('/api/billing/receipts')).status).toBe(401)
  })
})
