import { http, HttpResponse } from 'msw'
import { LoginInputSchema, SignupInputSchema, type SignupResult } from '@exocorp/shared/auth'
import { addAudit, db, toMe } from '../mock-db'
import { apiError, requireUser } from '../http'

export const authHandlers = [
  http.get('/api/auth/me', () => {
    const { user, denied } = requireUser({ beforePasswordSet: true })
    return denied ?? HttpResponse.json(toMe(user))
  }),

  http.post('/api/auth/login', async ({ request }) => {
    const parsed = LoginInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    const user = db.users.find((u) => u.email === parsed.data.email)
    const code = parsed.data.recoveryCode?.trim().toUpperCase()
    // The mock's kit is MOCK-CODE-0000 … MOCK-CODE-0009 for every user; each works once.
    const codeOk = code !== undefined && /^MOCK-CODE-000\d$/.test(code) && !db.usedRecoveryCodes.includes(code)
    if (!user || (code === undefined ? parsed.data.password !== user.password : !codeOk)) {
      return apiError(401, 'unauthenticated', 'Email or password is incorrect')
    }
    if (code !== undefined) db.usedRecoveryCodes.push(code)
    db.mustSetPassword = code !== undefined
    db.sessionUserId = user.id
    addAudit({
      actor: { type: 'user', id: user.id, label: user.email },
      action: 'auth.login',
      target: { type: 'user', id: user.id },
      outcome: 'succeeded',
      summary: `${user.email} signed in`,
    })
    return HttpResponse.json(toMe(user))
  }),

  http.post('/api/auth/signup', async ({ request }) => {
    const parsed = SignupInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    if (db.users.some((u) => u.email === parsed.data.email)) {
      return apiError(409, 'conflict', 'An account with this email already exists', {
        reason: 'email_taken',
        fields: { email: ['An account with this email already exists'] },
      })
    }
    const user = { id: crypto.randomUUID(), ...parsed.data, role: 'user' as const, createdAt: new Date().toISOString() }
    db.users.push(user)
    db.sessionUserId = user.id
    const body: SignupResult = {
      me: toMe(user),
      recoveryCodes: Array.from({ length: 10 }, (_, i) => `MOCK-CODE-${String(i).padStart(4, '0')}`),
    }
    db.pendingRecoveryKit = body.recoveryCodes
    return HttpResponse.json(body, { status: 201 })
  }),

  http.post('/api/auth/logout', () => {
    db.sessionUserId = null
    db.pendingRecoveryKit = null
    db.mustSetPassword = false
    return HttpResponse.json({ ok: true })
  }),

  http.post('/api/auth/reauthenticate', async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const body = (await request.json()) as { password?: unknown }
    if (body.password !== user.password) {
      return apiError(400, 'validation_failed', 'Password is incorrect', { fields: { password: ['Password is incorrect'] } })
    }
    db.reauthenticatedAt = new Date().toISOString()
    return HttpResponse.json({
      reauthenticatedAt: db.reauthenticatedAt,
      validUntil: new Date(Date.now() + 600_000).toISOString(),
    })
  }),
]
