import { http, HttpResponse } from 'msw'
import { CreateProviderSecretInputSchema, RotateProviderSecretInputSchema, type ProviderSecret } from '@exocorp/shared/companies'
import { addAudit, db, type MockUser } from '../mock-db'
import type { MockSecret } from '../mock-fleet'
import { apiError, requireUser } from '../http'

/** Never the value: only its last four characters and which exocorps use it. */
function toSecret(s: MockSecret): ProviderSecret {
  return {
    id: s.id,
    provider: s.provider,
    label: s.label,
    last4: s.value.slice(-4),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    usedBy: db.fleet.companies
      .filter((c) => c.status !== 'destroyed' && Object.values(c.bindings).includes(s.id))
      .map((c) => ({ companyId: c.id, slug: c.slug, name: c.name })),
  }
}

function audit(user: MockUser, s: MockSecret, action: string, summary: string) {
  addAudit({
    actor: { type: 'user', id: user.id, label: user.email },
    action,
    target: { type: 'provider_secret', id: s.id },
    outcome: 'succeeded',
    summary,
  })
}

export const providerSecretHandlers = [
  http.get('/api/registry/provider-secrets', () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    return HttpResponse.json({ items: db.fleet.secrets.filter((s) => s.ownerId === user.id).map(toSecret) })
  }),

  http.post('/api/registry/provider-secrets', async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = CreateProviderSecretInputSchema.safeParse(await request.json())
    if (!parsed.success) {
      const fields: Record<string, string[]> = {}
      for (const issue of parsed.error.issues) fields[String(issue.path[0])] = [issue.message]
      return apiError(400, 'validation_failed', 'Some fields are invalid', { fields })
    }
    const now = new Date().toISOString()
    const secret: MockSecret = {
      id: `s-${crypto.randomUUID().slice(0, 8)}`,
      ownerId: user.id,
      ...parsed.data,
      createdAt: now,
      updatedAt: now,
    }
    db.fleet.secrets.push(secret)
    audit(user, secret, 'provider_secret.create', `Added ${secret.provider} credential ${secret.label}`)
    return HttpResponse.json(toSecret(secret), { status: 201 })
  }),

  http.post('/api/registry/provider-secrets/:id/rotate', async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const secret = db.fleet.secrets.find((s) => s.id === params.id && s.ownerId === user.id)
    if (!secret) return apiError(404, 'not_found', 'No such credential')
    const parsed = RotateProviderSecretInputSchema.safeParse(await request.json())
    if (!parsed.success)
      return apiError(400, 'validation_failed', 'That does not look like a credential', {
        fields: { value: ['That does not look like a credential'] },
      })
    secret.value = parsed.data.value
    secret.updatedAt = new Date().toISOString()
    audit(user, secret, 'provider_secret.rotate', `Rotated ${secret.label}`)
    return HttpResponse.json(toSecret(secret))
  }),

  http.delete('/api/registry/provider-secrets/:id', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const secret = db.fleet.secrets.find((s) => s.id === params.id && s.ownerId === user.id)
    if (!secret) return apiError(404, 'not_found', 'No such credential')
    const inUse = toSecret(secret).usedBy
    if (inUse.length) {
      return apiError(409, 'conflict', `Still used by ${inUse.map((u) => u.name).join(', ')}; unbind it first`, {
        reason: 'secret_in_use',
      })
    }
    db.fleet.secrets = db.fleet.secrets.filter((s) => s !== secret)
    audit(user, secret, 'provider_secret.delete', `Deleted ${secret.label}`)
    return new HttpResponse(null, { status: 204 })
  }),
]
