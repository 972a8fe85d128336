import { describe, expect, it } from 'vitest'
import { pendingRecoveryKits } from '../src/db/schema/accounts'
import { auditEvents } from '../src/db/schema/audit'
import { describeUserAgent } from '../src/services/accounts/devices'
import { makeHarness, signUp, TestClient, type Harness } from './harness'

const PASSWORD = 'correct horse battery'
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'

async function signIn(h: Harness, email: string, password = PASSWORD, ua = FIREFOX_LINUX) {
  const client = new TestClient(h.app)
  const res = await client.request('POST', '/api/auth/login', { email, password }, { 'user-agent': ua })
  expect(res.status, res.text).toBe(200)
  return client
}

describe('devices', () => {
  it('parses browsers and systems people recognise', () => {
    expect(describeUserAgent(CHROME_MAC)).toEqual({ browser: 'Chrome 131', os: 'macOS' })
    expect(describeUserAgent(FIREFOX_LINUX)).toEqual({ browser: 'Firefox 133', os: 'Linux' })
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ browser: 'Safari 17', os: 'iOS 17' })
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toEqual({ browser: 'Edge 131', os: 'Windows' })
    expect(describeUserAgent(null)).toEqual({ browser: 'Unknown browser', os: 'Unknown system' })
  })

  it('lists every live session with this one marked; signs out one, or all others, at once', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'me@example.com', PASSWORD)
    const laptop = await signIn(h, 'me@example.com', PASSWORD, CHROME_MAC)
    const phone = await signIn(h, 'me@example.com')
    const list = await laptop.get('/api/account/sessions')
    expect(list.status).toBe(200)
    expect(list.json.items).toHaveLength(3)
    const current = list.json.items.filter((s: { current: boolean }) => s.current)
    expect(current).toEqual([expect.objectContaining({ browser: 'Chrome 131', os: 'macOS' })])
    for (const s of list.json.items)
      expect(Object.keys(s).sort()).toEqual(['browser', 'createdAt', 'current', 'id', 'ip', 'lastSeenAt', 'os'])

    const phoneId = (await phone.get('/api/account/sessions')).json.items.find((s: { current: boolean }) => s.current).id
    expect((await laptop.request('DELETE', `/api/account/sessions/${phoneId}`)).status).toBe(200)
    expect((await phone.get('/api/auth/me')).status).toBe(401)
    // Not this one (sign out instead), and not someone else's.
    const own = list.json.items.find((s: { current: boolean }) => s.current).id
    expect((await laptop.request('DELETE', `/api/account/sessions/${own}`)).status).toBe(409)
    const stranger = new TestClient(h.app)
    await signUp(stranger, 'stranger@example.com', PASSWORD)
    expect((await stranger.request('DELETE', `/api/account/sessions/${own}`)).status).toBe(404)
    expect((await laptop.get('/api/auth/me')).status).toBe(200)

    const others = await laptop.post('/api/account/sessions/sign-out-others')
    expect(others.json).toEqual({ signedOut: 1 })
    expect((await h.client.get('/api/auth/me')).status).toBe(401)
    expect((await laptop.get('/api/account/sessions')).json.items).toHaveLength(1)
  })
})

describe('profile and password', () => {
  it('edits the name; a new email needs the current password and must be free', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'me@example.com', PASSWORD)
    await signUp(new TestClient(h.app), 'taken@example.com', PASSWORD)
    const renamed = await h.client.request('PATCH', '/api/account/profile', { name: 'Ada' })
    expect(renamed.status).toBe(200)
    expect(renamed.json.user.name).toBe('Ada')
    const noPassword = await h.client.request('PATCH', '/api/account/profile', { email: 'new@example.com' })
    expect(noPassword.status).toBe(400)
    expect(noPassword.json.error.details.fields.currentPassword).toBeDefined()
    const wrong = await h.client.request('PATCH', '/api/account/profile', {
      email: 'new@example.com',
      currentPassword: 'nope nope',
    })
    expect(wrong.status).toBe(400)
    const taken = await h.client.request('PATCH', '/api/account/profile', {
      email: 'Taken@example.com',
      currentPassword: PASSWORD,
    })
    expect(taken.status).toBe(409)
    expect((await h.client.get('/api/auth/me')).json.user.email).toBe('me@example.com')
    const moved = await h.client.request('PATCH', '/api/account/profile', { email: 'new@example.com', currentPassword: PASSWORD })
    expect(moved.status).toBe(200)
    expect(moved.json.user.email).toBe('new@example.com')
    expect((await new TestClient(h.app).post('/api/auth/login', { email: 'new@example.com', password: PASSWORD })).status).toBe(
      200,
    )
    const actions = (await h.db.select().from(auditEvents)).filter((r) => r.action === 'account.profile').map((r) => r.outcome)
    // The schema refusal (no password) is audited by the refused-write net as `request.refused`.
    expect(actions).toEqual(['succeeded', 'failed', 'failed', 'succeeded'])
  })

  it('a password change needs the current one and ends every other session at once', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'me@example.com', PASSWORD)
    const other = await signIn(h, 'me@example.com')
    const agentFree = await h.client.post('/api/account/password', { newPassword: 'a brand new secret' })
    expect(agentFree.status).toBe(400)
    expect(
      (await h.client.post('/api/account/password', { currentPassword: 'wrong one', newPassword: 'a brand new secret' })).status,
    ).toBe(400)
    expect((await h.client.post('/api/account/password', { currentPassword: PASSWORD, newPassword: 'short' })).status).toBe(400)
    expect((await other.get('/api/auth/me')).status).toBe(200)

    const ok = await h.client.post('/api/account/password', { currentPassword: PASSWORD, newPassword: 'a brand new secret' })
    expect(ok.status).toBe(200)
    expect(ok.json).toEqual({ signedOutSessions: 1 })
    expect((await other.get('/api/auth/me')).status).toBe(401)
    expect((await h.client.get('/api/auth/me')).status).toBe(200)
    expect((await new TestClient(h.app).post('/api/auth/login', { email: 'me@example.com', password: PASSWORD })).status).toBe(
      401,
    )
    expect(
      (await new TestClient(h.app).post('/api/auth/login', { email: 'me@example.com', password: 'a brand new secret' })).status,
    ).toBe(200)
  })

  it('after a recovery-code sign-in the user must set a new password, without the old one', async () => {
    const h = await makeHarness()
    const { recoveryCodes } = await signUp(h.client, 'me@example.com', PASSWORD)
    const lost = new TestClient(h.app)
    const login = await lost.post('/api/auth/login', { email: 'me@example.com', recoveryCode: recoveryCodes[0] })
    expect(login.status).toBe(200)
    expect(login.json.mustSetPassword).toBe(true)
    // Told how many codes are left (10 in the kit, one just spent).
    expect(login.json.recoveryCodesRemaining).toBe(9)
    expect((await lost.get('/api/auth/me')).json).toMatchObject({ mustSetPassword: true, recoveryCodesRemaining: 9 })
    expect((await h.client.get('/api/auth/me')).json.mustSetPassword).toBe(false)
    expect((await h.client.get('/api/auth/me')).json).not.toHaveProperty('recoveryCodesRemaining')
    // The server, not only the web app, holds the session to it: every other API answers 403 and writes nothing.
    for (const [method, path, body] of [
      ['GET', '/api/registry/my-companies', undefined],
      ['GET', '/api/account/sessions', undefined],
      ['PATCH', '/api/account/profile', { name: 'Someone else' }],
      ['POST', '/api/registry/companies', { name: 'Sneaky', slug: 'sneaky' }],
      ['POST', '/api/account/recovery-kit', { password: PASSWORD }],
      ['GET', '/api/admin/users', undefined],
    ] as const) {
      const res = method === 'GET' ? await lost.get(path) : await lost.request(method, path, body)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.json.error).toMatchObject({
        code: 'password_change_required',
        details: { setPasswordAt: '/api/account/password' },
      })
    }
    expect((await h.client.get('/api/registry/my-companies')).json.items).toEqual([])
    expect((await lost.get('/api/auth/me')).json.user.name).not.toBe('Someone else')
    const set = await lost.post('/api/account/password', { newPassword: 'remembered this time' })
    expect(set.status).toBe(200)
    expect((await lost.get('/api/auth/me')).json.mustSetPassword).toBe(false)
    expect((await lost.get('/api/registry/my-companies')).status).toBe(200)
    expect((await h.client.get('/api/auth/me')).status).toBe(401)
    // Now the current password is needed again.
    expect((await lost.post('/api/account/password', { newPassword: 'yet another one' })).status).toBe(400)
    expect(
      (await new TestClient(h.app).post('/api/auth/login', { email: 'me@example.com', password: 'remembered this time' })).status,
    ).toBe(200)
  })

  it('a session that must set a password can still sign out', async () => {
    const h = await makeHarness()
    const { recoveryCodes } = await signUp(h.client, 'me@example.com', PASSWORD)
    const lost = new TestClient(h.app)
    expect((await lost.post('/api/auth/login', { email: 'me@example.com', recoveryCode: recoveryCodes[0] })).status).toBe(200)
    expect((await lost.post('/api/auth/logout', {})).status).toBe(200)
    expect((await lost.get('/api/auth/me')).status).toBe(401)
  })

  it('a new recovery kit needs the password; the old codes stop working, the new ones work once', async () => {
    const h = await makeHarness()
    const { recoveryCodes: old } = await signUp(h.client, 'me@example.com', PASSWORD)
    expect((await h.client.post('/api/account/recovery-kit', { password: 'wrong one' })).status).toBe(400)
    const kit = await h.client.post('/api/account/recovery-kit', { password: PASSWORD })
    expect(kit.status).toBe(201)
    expect(kit.json.recoveryCodes).toHaveLength(10)
    expect(kit.json.recoveryCodes).not.toContain(old[1])
    expect((await new TestClient(h.app).post('/api/auth/login', { email: 'me@example.com', recoveryCode: old[1] })).status).toBe(
      401,
    )
    const fresh = kit.json.recoveryCodes[0]
    expect((await new TestClient(h.app).post('/api/auth/login', { email: 'me@example.com', recoveryCode: fresh })).status).toBe(
      200,
    )
    expect((await new TestClient(h.app).post('/api/auth/login', { email: 'me@example.com', recoveryCode: fresh })).status).toBe(
      401,
    )
  })

  it('shows the kit again to the session that was shown it until it confirms saving, and to nobody else', async () => {
    const h = await makeHarness()
    const { recoveryCodes } = await signUp(h.client, 'me@example.com', PASSWORD)
    // A reload of the sign-up page: the same session gets the same codes back.
    const again = await h.client.get('/api/account/recovery-kit/pending')
    expect(again.status).toBe(200)
    expect(again.json.recoveryCodes).toEqual(recoveryCodes)
    // Another device of the same account never sees them.
    const other = await signIn(h, 'me@example.com')
    expect((await other.get('/api/account/recovery-kit/pending')).json).toEqual({ recoveryCodes: null })
    expect((await new TestClient(h.app).get('/api/account/recovery-kit/pending')).status).toBe(401)

    expect((await h.client.post('/api/account/recovery-kit/saved', {})).json).toEqual({ ok: true })
    expect((await h.client.get('/api/account/recovery-kit/pending')).json).toEqual({ recoveryCodes: null })
    const audits = (await h.db.select().from(auditEvents)).filter((a) => a.action === 'account.recovery_kit_saved')
    expect(audits).toHaveLength(1)
    // Confirming twice changes nothing and records nothing more.
    expect((await h.client.post('/api/account/recovery-kit/saved', {})).status).toBe(200)
    expect((await h.db.select().from(auditEvents)).filter((a) => a.action === 'account.recovery_kit_saved')).toHaveLength(1)

    // A new kit is held the same way; after an hour it is not shown again, and the database holds no codes in the clear.
    const kit = await h.client.post('/api/account/recovery-kit', { password: PASSWORD })
    expect((await h.client.get('/api/account/recovery-kit/pending')).json.recoveryCodes).toEqual(kit.json.recoveryCodes)
    const stored = JSON.stringify(await h.db.select().from(pendingRecoveryKits))
    expect(stored).not.toContain(kit.json.recoveryCodes[0])
    // The session stays alive (used every 20 minutes) but the kit is held for an hour only.
    for (let i = 0; i < 3; i++) {
      h.clock.advance(20 * 60 * 1000 + 1)
      expect((await h.client.get('/api/auth/me')).status).toBe(200)
    }
    expect((await h.client.get('/api/account/recovery-kit/pending')).json).toEqual({ recoveryCodes: null })
  })

  it('drops a held kit when the session signs out', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'me@example.com', PASSWORD)
    expect(await h.db.select().from(pendingRecoveryKits)).toHaveLength(1)
    expect((await h.client.post('/api/auth/logout', {})).status).toBe(200)
    expect(await h.db.select().from(pendingRecoveryKits)).toHaveLength(0)
  })

  it('account security refuses anonymous callers and unknown fields', async () => {
    const h = await makeHarness()
    const anon = new TestClient(h.app)
    expect((await anon.get('/api/account/sessions')).status).toBe(401)
    expect((await anon.post('/api/account/password', { newPassword: 'whatever123' })).status).toBe(401)
    await signUp(h.client, 'me@example.com', PASSWORD)
    const extra = await h.client.request('PATCH', '/api/account/profile', { name: 'X', role: 'platform_owner' })
    expect(extra.status).toBe(400)
    expect(extra.json.error.details.fields.role).toBeDefined()
  })
})
