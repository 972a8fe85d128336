import { Hono } from 'hono'
import { LoginInputSchema, ReauthenticateInputSchema, SignupInputSchema } from '@exocorp/shared/auth'
import { AppError } from '../lib/errors'
import { audit, clientIp, type AppEnv } from '../http/context'
import { clearSessionCookie, writeSessionCookie } from '../http/cookies'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { burnVerifyTime, verifyPassword } from '../services/accounts/passwords'
import { consumeRecoveryCode, countUnusedRecoveryCodes, holdRecoveryKit } from '../services/accounts/recovery-codes'
import { createSession, deleteSession, reauthenticateSession, STEP_UP_WINDOW_MS } from '../services/accounts/sessions'
import {
  clearAccountFailures,
  credentialBudgets,
  refundAttempt,
  reserveAttempt,
  signupBudget,
  throttleKeys,
} from '../services/accounts/throttle'
import { createUser, findUserByEmail, recordSignIn, toMe } from '../services/accounts/users'

const INVALID_LOGIN = 'Email or password is incorrect'

function tooMany(message: string, retryAfterSeconds: number) {
  const minutes = Math.ceil(retryAfterSeconds / 60)
  return new AppError(429, 'too_many_requests', `${message} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
    retryAfterSeconds,
  })
}

/** Mounted at /api/auth: signing up, in and out (not for agents), who am I, and the step-up. */
export const authRoutes = new Hono<AppEnv>()
  .post('/signup', guard.publicNoAgents, validate('json', SignupInputSchema), async (c) => {
    const input = c.req.valid('json')
    // Counted before the password is hashed, so parallel signups cannot slip past the limit.
    const reservation = await reserveAttempt(c.get('deps'), [signupBudget(c.get('deps'), clientIp(c))])
    if (!reservation.allowed) {
      await audit(c, {
        action: 'auth.signup',
        target: { type: 'user', id: null },
        outcome: 'failed',
        summary: `Signup refused for ${input.email}: too many signups from this address`,
        details: { status: 429, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds },
      })
      throw tooMany('Too many signups from this address.', reservation.retryAfterSeconds)
    }
    let created
    try {
      created = await createUser(c.get('deps'), input)
    } catch (err) {
      await audit(c, {
        action: 'auth.signup',
        target: { type: 'user', id: null },
        outcome: 'failed',
        summary: `Signup refused for ${input.email}`,
        details: { reason: err instanceof AppError ? (err.details?.reason ?? err.code) : 'error' },
      })
      throw err
    }
    const { user, recoveryCodes } = created
    const { token, session } = await createSession(c.get('deps'), user.id, {
      userAgent: c.req.header('user-agent') ?? null,
      ip: clientIp(c),
    })
    writeSessionCookie(c, token)
    await holdRecoveryKit(c.get('deps'), session.id, recoveryCodes)
    await audit(c, {
      actor: { type: 'user', id: user.id, label: user.email },
      action: 'auth.signup',
      target: { type: 'user', id: user.id },
      outcome: 'succeeded',
      summary: `${user.email} signed up${user.role === 'platform_owner' ? ' and became the platform owner' : ''}`,
      details: { role: user.role },
    })
    return c.json({ me: toMe(user, null, 'session'), recoveryCodes }, 201)
  })

  .post('/login', guard.publicNoAgents, validate('json', LoginInputSchema), async (c) => {
    const input = c.req.valid('json')
    const deps = c.get('deps')
    const keys = throttleKeys(input.email, clientIp(c))
    const method = input.recoveryCode !== undefined ? 'recovery_code' : 'password'
    const fail = (reason: string, user: { id: string } | null) =>
      audit(c, {
        action: 'auth.login',
        target: { type: 'user', id: user?.id ?? null },
        outcome: 'failed',
        summary: `Failed sign-in for ${input.email}`,
        // A throttled attempt is a refusal (counted, decision 015); a wrong password stays one row each.
        details: reason === 'throttled' ? { status: 429, reason, method } : { reason, method },
      })

    const reservation = await reserveAttempt(deps, credentialBudgets(keys))
    if (!reservation.allowed) {
      await fail('throttled', null)
      throw tooMany('Too many failed sign-in attempts.', reservation.retryAfterSeconds)
    }
    const user = await findUserByEmail(deps, input.email)
    let ok = false
    if (!user || user.disabledAt) {
      await burnVerifyTime(input.password ?? input.recoveryCode ?? '')
    } else if (input.password !== undefined) {
      ok = await verifyPassword(user.passwordHash, input.password)
    } else if (input.recoveryCode !== undefined) {
      // Same cost as a password check, so the method does not change the timing either.
      await burnVerifyTime(input.recoveryCode)
      ok = await consumeRecoveryCode(deps, user.id, input.recoveryCode)
    }
    if (!user || !ok) {
      await fail(user ? (user.disabledAt ? 'disabled' : 'bad_credentials') : 'unknown_user', user)
      throw new AppError(401, 'unauthenticated', INVALID_LOGIN)
    }
    await clearAccountFailures(deps, keys.account)
    await refundAttempt(deps, [keys.ip])
    const previous = c.get('principal')
    if (previous?.kind === 'session') await deleteSession(deps, previous.session.id)
    const viaRecoveryCode = method === 'recovery_code'
    const { token } = await createSession(deps, user.id, {
      userAgent: c.req.header('user-agent') ?? null,
      ip: clientIp(c),
      passwordResetRequired: viaRecoveryCode,
    })
    await recordSignIn(deps, user.id)
    writeSessionCookie(c, token)
    await audit(c, {
      actor: { type: 'user', id: user.id, label: user.email },
      action: 'auth.login',
      target: { type: 'user', id: user.id },
      outcome: 'succeeded',
      summary: `${user.email} signed in${method === 'recovery_code' ? ' with a recovery code' : ''}`,
      details: { method },
    })
    const remaining = viaRecoveryCode ? await countUnusedRecoveryCodes(deps, user.id) : undefined
    return c.json(toMe(user, null, 'session', viaRecoveryCode, remaining), 200)
  })

  .post('/logout', guard.publicNoAgents, async (c) => {
    const p = c.get('principal')
    if (p?.kind === 'session') {
      await deleteSession(c.get('deps'), p.session.id)
      await audit(c, {
        action: 'auth.logout',
        target: { type: 'user', id: p.user.id },
        outcome: 'succeeded',
        summary: `${p.user.email} signed out`,
      })
    }
    clearSessionCookie(c)
    // The polled reads sit in the browser cache (`private, no-cache`); drop them with the session.
    c.header('Clear-Site-Data', '"cache"')
    return c.json({ ok: true }, 200)
  })

  .get('/me', polled(guard.userBeforePasswordSet), (c) => {
    const p = principalOf(c)
    const reauthenticatedAt = p.kind === 'session' ? p.session.reauthenticatedAt : null
    const mustSetPassword = p.kind === 'session' && p.session.passwordResetRequiredAt !== null
    return polledJson(c, async () =>
      toMe(
        p.user,
        reauthenticatedAt,
        p.kind,
        mustSetPassword,
        mustSetPassword ? await countUnusedRecoveryCodes(c.get('deps'), p.user.id) : undefined,
      ),
    )
  })

  .post('/reauthenticate', guard.session, validate('json', ReauthenticateInputSchema), async (c) => {
    const p = principalOf(c)
    if (p.kind !== 'session') throw AppError.forbidden('Step-up needs a browser session')
    const deps = c.get('deps')
    const keys = throttleKeys(p.user.email, clientIp(c))
    const reservation = await reserveAttempt(deps, credentialBudgets(keys))
    if (!reservation.allowed) throw tooMany('Too many failed attempts.', reservation.retryAfterSeconds)
    const ok = await verifyPassword(p.user.passwordHash, c.req.valid('json').password)
    if (!ok) {
      await audit(c, {
        action: 'auth.reauthenticate',
        target: { type: 'user', id: p.user.id },
        outcome: 'failed',
        summary: `Step-up failed for ${p.user.email}`,
      })
      throw AppError.validation({ password: ['Password is incorrect'] }, 'Password is incorrect')
    }
    await refundAttempt(deps, [keys.account, keys.ip])
    const { token, reauthenticatedAt } = await reauthenticateSession(deps, p.session.id)
    writeSessionCookie(c, token)
    await audit(c, {
      action: 'auth.reauthenticate',
      target: { type: 'user', id: p.user.id },
      outcome: 'succeeded',
      summary: `${p.user.email} re-entered their password`,
    })
    const validUntil = new Date(Date.parse(reauthenticatedAt) + STEP_UP_WINDOW_MS).toISOString()
    return c.json({ reauthenticatedAt, validUntil }, 200)
  })
