import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { authThrottle, sessions, users } from '../src/db/schema/accounts'
import { ACCOUNT_LIMIT, IP_LIMIT } from '../src/services/accounts/throttle'
import { ledgerEntries } from '../src/db/schema/billing'
import { auditAttempts, makeHarness, signUp, TestClient, type Harness } from './harness'

const PASSWORD = 'correct horse battery'

/** One entry per audited attempt; repeated refusals are counted on one row (decision 015). */
function auditRows(h: Harness) {
  return auditAttempts(h.db)
}

describe('signup', () => {
  it('creates the first user as platform owner, signs them in, and applies the signup credit', async () => {
    const h = await makeHarness()
    const res = await h.client.post('/api/auth/signup', { email: 'Ada@Example.com ', name: 'Ada', password: PASSWORD })
    expect(res.status).toBe(201)
    expect(res.json.me.user.email).toBe('ada@example.com')
    expect(res.json.me.isPlatformOwner).toBe(true)
    expect(res.json.recoveryCodes).toHaveLength(10)
    expect(res.json.me.user).not.toHaveProperty('passwordHash')

    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^exo_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).not.toMatch(/Domain=/)

    const me = await h.client.get('/api/auth/me')
    expect(me.status).toBe(200)
    expect(me.json.user.email).toBe('ada@example.com')

    const [credit] = await h.db.select().from(ledgerEntries)
    expect(credit).toMatchObject({ kind: 'signup_credit', amountMicros: 25_000_000 })
    expect((await h.db.select().from(users))[0]?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await auditRows(h)).toEqual([expect.objectContaining({ action: 'auth.signup', outcome: 'succeeded' })])
  })

  it('makes only the first account platform owner', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'first@example.com')
    const second = await signUp(new TestClient(h.app), 'second@example.com')
    expect(second.me.user.role).toBe('user')
  })

  it('refuses a taken email with 409 and audits the refusal', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'first@example.com')
    const again = await new TestClient(h.app).post('/api/auth/signup', {
      email: 'first@example.com',
      name: 'x',
      password: PASSWORD,
    })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('conflict')
    expect(await h.db.select().from(users)).toHaveLength(1)
    expect((await auditRows(h)).at(-1)).toMatchObject({ action: 'auth.signup', outcome: 'failed' })
  })

  // Red-team finding 11: 60 signups in 3.6 s from one address.
  it('limits signups per address: 429 with Retry-After, audited, other addresses unaffected, reset after the hour', async () => {
    const h = await makeHarness({ EXOCORP_TRUST_PROXY: '1' })
    const from = (ip: string, i: number) =>
      new TestClient(h.app).post(
        '/api/auth/signup',
        { email: `bulk-${ip}-${i}@example.com`, name: 'Bulk', password: PASSWORD },
        { 'x-forwarded-for': ip },
      )
    const limit = h.deps.env.EXOCORP_SIGNUP_LIMIT_PER_HOUR
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => from('203.0.113.7', i)))
    expect(results.filter((r) => r.status === 201)).toHaveLength(limit)
    const refused = results.filter((r) => r.status === 429)
    expect(refused).toHaveLength(30 - limit)
    for (const r of refused) {
      expect(r.json.error.code).toBe('too_many_requests')
      const retryAfter = Number(r.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(59 * 60)
      expect(retryAfter).toBeLessThanOrEqual(60 * 60)
    }
    expect(await h.db.select().from(users)).toHaveLength(limit)
    const signupRows = (await auditRows(h)).filter((r) => r.action === 'auth.signup')
    expect(signupRows.filter((r) => r.outcome === 'failed' && JSON.parse(r.details).reason === 'throttled')).toHaveLength(
      30 - limit,
    )
    expect((await from('198.51.100.9', 0)).status).toBe(201)
    h.clock.advance(60 * 60_000 + 1)
    expect((await from('203.0.113.7', 99)).status).toBe(201)
  })

  it('stores only a SHA-256 of the session token', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    const token = h.client.cookie!.split('=')[1]!
    const [row] = await h.db.select().from(sessions)
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(row!.tokenHash).not.toContain(token)
  })
})

describe('login and logout', () => {
  it('answers unknown user and wrong password the same way, and audits both', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const anon = new TestClient(h.app)
    const wrong = await anon.post('/api/auth/login', { email: 'ada@example.com', password: 'wrong password' })
    const unknown = await anon.post('/api/auth/login', { email: 'nobody@example.com', password: 'wrong password' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.json.error.message).toBe(unknown.json.error.message)
    expect(wrong.json.error.code).toBe(unknown.json.error.code)
    const failed = (await auditRows(h)).filter((r) => r.action === 'auth.login' && r.outcome === 'failed')
    expect(failed).toHaveLength(2)
  })

  it('rotates the token on login and kills it at once on logout', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const signupCookie = h.client.cookie
    const login = await h.client.post('/api/auth/login', { email: 'ada@example.com', password: PASSWORD })
    expect(login.status).toBe(200)
    expect(h.client.cookie).not.toBe(signupCookie)
    // The signup session was replaced, not kept alongside.
    const stale = new TestClient(h.app)
    stale.cookie = signupCookie
    expect((await stale.get('/api/auth/me')).status).toBe(401)

    const kept = h.client.cookie
    expect((await h.client.post('/api/auth/logout')).status).toBe(200)
    const replay = new TestClient(h.app)
    replay.cookie = kept
    expect((await replay.get('/api/auth/me')).status).toBe(401)
    expect((await auditRows(h)).map((r) => r.action)).toEqual(['auth.signup', 'auth.login', 'auth.logout'])
  })

  it('throttles an account after five failures, even with the right password', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const anon = new TestClient(h.app)
    for (let i = 0; i < 5; i++) {
      expect((await anon.post('/api/auth/login', { email: 'ada@example.com', password: `nope-${i}-xx` })).status).toBe(401)
    }
    const blocked = await anon.post('/api/auth/login', { email: 'ada@example.com', password: PASSWORD })
    expect(blocked.status).toBe(429)
    h.clock.advance(15 * 60_000 + 1)
    expect((await anon.post('/api/auth/login', { email: 'ada@example.com', password: PASSWORD })).status).toBe(200)
  })

  // Red-team finding 8: 100 parallel wrong passwords got 15 checks against a limit of 5.
  it('100 parallel wrong passwords: exactly five reach the password check, the rest answer 429', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        new TestClient(h.app).post('/api/auth/login', { email: 'ada@example.com', password: `wrong-guess-${i}` }),
      ),
    )
    const checked = results.filter((r) => r.status === 401)
    const refused = results.filter((r) => r.status === 429)
    expect(checked).toHaveLength(ACCOUNT_LIMIT)
    for (const r of checked) expect(r.json.error.code).toBe('unauthenticated')
    expect(refused).toHaveLength(100 - ACCOUNT_LIMIT)
    for (const r of refused) {
      expect(r.json.error.code).toBe('too_many_requests')
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(14 * 60)
    }
    const [account] = await h.db.select().from(authThrottle).where(eq(authThrottle.key, 'account:ada@example.com'))
    expect(account?.failures).toBe(ACCOUNT_LIMIT)
    const reasons = (await auditRows(h))
      .filter((r) => r.action === 'auth.login')
      .map((r) => (JSON.parse(r.details) as { reason?: string }).reason)
    expect(reasons.filter((r) => r === 'bad_credentials')).toHaveLength(ACCOUNT_LIMIT)
    // Past the refusal burst, further refusals from this client are counted on one access.throttled row.
    const beyondBurst = (await auditRows(h)).filter((r) => r.action === 'access.throttled').length
    expect(reasons.filter((r) => r === 'throttled').length + beyondBurst).toBe(100 - ACCOUNT_LIMIT)
  })

  it('a successful sign-in does not use up the address budget', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    for (let i = 0; i < IP_LIMIT + 5; i++) {
      expect((await new TestClient(h.app).post('/api/auth/login', { email: 'ada@example.com', password: PASSWORD })).status).toBe(
        200,
      )
    }
    const [address] = await h.db.select().from(authThrottle).where(eq(authThrottle.key, 'ip:unknown'))
    expect(address?.failures ?? 0).toBe(0)
  })

  it('accepts each recovery code once', async () => {
    const h = await makeHarness()
    const { recoveryCodes } = await signUp(h.client, 'ada@example.com')
    const code = recoveryCodes[3]!
    const anon = new TestClient(h.app)
    const first = await anon.post('/api/auth/login', { email: 'ada@example.com', recoveryCode: code.toLowerCase() })
    expect(first.status).toBe(200)
    const second = await new TestClient(h.app).post('/api/auth/login', { email: 'ada@example.com', recoveryCode: code })
    expect(second.status).toBe(401)
    expect((await auditRows(h)).at(-1)).toMatchObject({ action: 'auth.login', outcome: 'failed' })
  })
})

describe('session expiry', () => {
  it('expires after 30 idle minutes, sliding while used', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    h.clock.advance(29 * 60_000)
    expect((await h.client.get('/api/auth/me')).status).toBe(200)
    h.clock.advance(29 * 60_000)
    expect((await h.client.get('/api/auth/me')).status).toBe(200)
    h.clock.advance(30 * 60_000)
    expect((await h.client.get('/api/auth/me')).status).toBe(401)
  })

  it('expires 12 hours after sign-in however active', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    for (let i = 0; i < 12 * 3 - 1; i++) {
      h.clock.advance(20 * 60_000)
      expect((await h.client.get('/api/auth/me')).status).toBe(200)
    }
    h.clock.advance(20 * 60_000)
    expect((await h.client.get('/api/auth/me')).status).toBe(401)
  })

  it('honours configured limits', async () => {
    const h = await makeHarness({ EXOCORP_SESSION_IDLE_MINUTES: '5' })
    await signUp(h.client)
    h.clock.advance(5 * 60_000)
    expect((await h.client.get('/api/auth/me')).status).toBe(401)
  })
})

describe('step-up', () => {
  it('records the re-entry, rotates the token and holds for 10 minutes, not sliding', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    const bad = await h.client.post('/api/auth/reauthenticate', { password: 'wrong password' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.fields.password).toBeDefined()
    const before = h.client.cookie
    const ok = await h.client.post('/api/auth/reauthenticate', { password: PASSWORD })
    expect(ok.status).toBe(200)
    expect(h.client.cookie).not.toBe(before)
    expect(Date.parse(ok.json.validUntil) - Date.parse(ok.json.reauthenticatedAt)).toBe(10 * 60_000)
    expect((await h.client.get('/api/auth/me')).json.reauthenticatedAt).toBe(ok.json.reauthenticatedAt)
    const actions = (await auditRows(h)).map((r) => `${r.action}:${r.outcome}`)
    expect(actions).toEqual(['auth.signup:succeeded', 'auth.reauthenticate:failed', 'auth.reauthenticate:succeeded'])
  })
})
