import { http, HttpResponse } from 'msw'
import { ChangePasswordInputSchema, RecoveryKitInputSchema, UpdateProfileInputSchema } from '@exocorp/shared/account'
import { db, toMe } from '../mock-db'
import { apiError, requireUser } from '../http'

function validation(error: { issues: Array<{ path: PropertyKey[]; message: string }> }) {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) (fields[issue.path.join('.') || '_root'] ??= []).push(issue.message)
  return apiError(400, 'validation_failed', 'Some fields are invalid', { fields })
}

const wrongPassword = (field: string) =>
  apiError(400, 'validation_failed', 'Password is incorrect', { fields: { [field]: ['Password is incorrect'] } })

export const accountHandlers = [
  http.patch('/api/account/profile', async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = UpdateProfileInputSchema.safeParse(await request.json())
    if (!parsed.success) return validation(parsed.error)
    const { name, email, currentPassword } = parsed.data
    if (email !== undefined && email !== user.email) {
      if (currentPassword !== user.password) return wrongPassword('currentPassword')
      if (db.users.some((u) => u.email === email && u.id !== user.id)) {
        return apiError(409, 'conflict', 'An account with this email already exists', {
          reason: 'email_taken',
          fields: { email: ['An account with this email already exists'] },
        })
      }
      user.email = email
    }
    if (name !== undefined) user.name = name
    return HttpResponse.json(toMe(user))
  }),

  http.post('/api/account/password', async ({ request }) => {
    const { user, denied } = requireUser({ beforePasswordSet: true })
    if (denied) return denied
    const parsed = ChangePasswordInputSchema.safeParse(await request.json())
    if (!parsed.success) return validation(parsed.error)
    if (!db.mustSetPassword && parsed.data.currentPassword !== user.password) return wrongPassword('currentPassword')
    user.password = parsed.data.newPassword
    db.mustSetPassword = false
    const others = db.teams.sessions.filter((s) => !s.current).length
    db.teams.sessions = db.teams.sessions.filter((s) => s.current)
    return HttpResponse.json({ signedOutSessions: others })
  }),

  http.post('/api/account/recovery-kit', async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = RecoveryKitInputSchema.safeParse(await request.json())
    if (!parsed.success) return validation(parsed.error)
    if (parsed.data.password !== user.password) return wrongPassword('password')
    db.pendingRecoveryKit = Array.from({ length: 10 }, (_, i) => `NEWK-CODE-${String(i).padStart(4, '0')}`)
    return HttpResponse.json({ recoveryCodes: db.pendingRecoveryKit }, { status: 201 })
  }),

  http.get('/api/account/recovery-kit/pending', () => {
    const { denied } = requireUser()
    return denied ?? HttpResponse.json({ recoveryCodes: db.pendingRecoveryKit })
  }),

  http.post('/api/account/recovery-kit/saved', () => {
    const { denied } = requireUser()
    if (denied) return denied
    db.pendingRecoveryKit = null
    return HttpResponse.json({ ok: true })
  }),

  http.get('/api/account/sessions', () => {
    const { denied } = requireUser()
    return denied ?? HttpResponse.json({ items: db.teams.sessions })
  }),

  http.post('/api/account/sessions/sign-out-others', () => {
    const { denied } = requireUser()
    if (denied) return denied
    const signedOut = db.teams.sessions.filter((s) => !s.current).length
    db.teams.sessions = db.teams.sessions.filter((s) => s.current)
    return HttpResponse.json({ signedOut })
  }),

  http.delete('/api/account/sessions/:sessionId', ({ params }) => {
    const { denied } = requireUser()
    if (denied) return denied
    const s = db.teams.sessions.find((x) => x.id === params.sessionId)
    if (!s) return apiError(404, 'not_found', 'Session not found')
    if (s.current)
      return apiError(409, 'conflict', 'This is the session you are using; sign out instead', { reason: 'current_session' })
    db.teams.sessions = db.teams.sessions.filter((x) => x.id !== s.id)
    return HttpResponse.json({ signedOut: 1 })
  }),
]
