import { eq, sql } from 'drizzle-orm'
import { billingAccounts, ledgerEntries } from '../src/db/schema/billing'
import { companies, memberships } from '../src/db/schema/companies'
import { newId } from '../src/lib/crypto'
import { setUserRole } from '../src/services/accounts/users'
import { signWebhook } from '../src/services/billing/webhooks'
import { makeHarness, signUp, TestClient, type Harness, type HarnessServices } from './harness'

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789'

/** A platform owner (first signup), an admin, and a plain user, each with their own client. */
export async function billingWorld(services: HarnessServices = {}) {
  const h = await makeHarness({ EXOCORP_PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET }, {}, services)
  const owner = h.client
  await signUp(owner, 'owner@example.com')
  // Admin mutations need a password re-entered within 10 minutes (tests that move the clock further step up again).
  await stepUp(owner)
  // A second apart, so lists ordered by creation have one right answer.
  h.clock.advance(1000)
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com')
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  h.clock.advance(1000)
  const user = new TestClient(h.app)
  const userMe = await signUp(user, 'user@example.com')
  const anon = new TestClient(h.app)
  const userAccountId = await accountIdOf(h, userMe.me.user.id)
  return { h, owner, admin, user, anon, userId: userMe.me.user.id, userAccountId }
}

/** Re-enters the password (signUp's default), opening the 10-minute step-up window admin mutations need. */
export async function stepUp(client: TestClient, password = 'correct horse battery') {
  const res = await client.post('/api/auth/reauthenticate', { password })
  if (res.status !== 200) throw new Error(`step-up failed: ${res.status} ${res.text}`)
}

export async function accountIdOf(h: Harness, userId: string): Promise<string> {
  const [row] = await h.db.select().from(billingAccounts).where(eq(billingAccounts.ownerUserId, userId))
  if (!row) throw new Error('no account')
  return row.id
}

/** The sum of the ledger, straight from the table (not through the service that keeps it). */
export async function balanceOf(h: Harness, accountId: string): Promise<number> {
  const [row] = await h.db
    .select({ total: sql<number>`coalesce(sum(${ledgerEntries.amountMicros}), 0)`.mapWith(Number) })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
  return row?.total ?? 0
}

export async function stateOf(h: Harness, accountId: string) {
  const [row] = await h.db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId))
  return row?.state
}

let counter = 0
/** A correctly signed payment delivery, sent like a provider would (no Origin header). */
export async function sendPayment(
  h: Harness,
  accountId: string,
  amountMicros: number,
  opts: { eventId?: string; timestamp?: number; secret?: string; type?: string; body?: string } = {},
) {
  const eventId = opts.eventId ?? `evt_${++counter}_${Date.now()}`
  const body =
    opts.body ??
    JSON.stringify({ id: eventId, type: opts.type ?? 'payment.succeeded', data: { accountId, amountMicros, currency: 'USD' } })
  const ts = opts.timestamp ?? Math.floor(h.clock.now().getTime() / 1000)
  const res = await h.app.request('http://localhost/api/billing/webhooks/stripe', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': eventId,
      'webhook-timestamp': String(ts),
      'webhook-signature': signWebhook(opts.secret ?? WEBHOOK_SECRET, eventId, ts, body),
    },
    body,
  })
  const text = await res.text()
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : undefined, eventId }
}

/** An exocorp row owned by `ownerUserId`, as if the lifecycle engine had put it in `status`. */
export async function addCompany(h: Harness, ownerUserId: string, slug: string, status: 'running' | 'stopped' | 'draft') {
  const now = h.clock.now().toISOString()
  const id = newId()
  await h.db.write(async (tx) => {
    await tx.insert(companies).values({
      id,
      slug,
      name: slug,
      ownerUserId,
      status,
      health: 'healthy',
      channel: 'stable',
      installedVersion: status === 'draft' ? null : '1.5.0',
      draftVersion: 1,
      draftConfig: '{"agents":[],"providers":[],"settings":{}}',
      draftUpdatedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    await tx.insert(memberships).values({ companyId: id, userId: ownerUserId, role: 'owner', createdAt: now })
  })
  return id
}

/** Sessions end after 30 idle minutes; tests that move the clock by days sign in again. */
export async function signInAgain(client: TestClient, email: string, password = 'correct horse battery') {
  client.cookie = null
  const res = await client.post('/api/auth/login', { email, password })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`)
}
