import { http, HttpResponse } from 'msw'
import { ACCOUNT_OPS_API } from '@exocorp/shared/api-paths-account-ops'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  broadcastStateAt,
  CreateBroadcastInputSchema,
  NewsletterPreferenceInputSchema,
  RevokeCredentialInputSchema,
  SaveSkillDocumentInputSchema,
  SkillSlugSchema,
  type Broadcast,
  type BroadcastSegment,
} from '@exocorp/shared/platform-ops'
import { addAudit, addNotification, currentUser, db } from '../mock-db'
import { adminGuard, apiError, invalidInput, ruleRefused, requireUser } from '../http'

/*
 * Decision 043 in the mocked backend: BYOK revoke, broadcasts, newsletter, skill documents. Inputs
 * are parsed with the contract's schemas and the broadcast state comes from the shared rule; the
 * moves (revoke deletes the secret and marks its bindings, a broadcast notifies its segment once
 * when live, cancel of an ended one is a 409, delete of a deleted skill is a 409) are the BFF's.
 */

async function jsonOf(request: Request): Promise<unknown> {
  const text = await request.text()
  return text ? JSON.parse(text) : {}
}

/** The BFF's 400 for input the contract refuses (field sentences and their issues). */

function audit(action: string, type: string, id: string | null, summary: string) {
  const user = currentUser()
  addAudit({
    actor: { type: 'user', id: user?.id ?? null, label: user?.email ?? 'mock' },
    action,
    target: { type, id },
    outcome: 'succeeded',
    summary,
  })
}

function publicBroadcast(b: (typeof db.ops.broadcasts)[number]): Broadcast {
  const { cancelledAt: _cancelled, ...rest } = b
  return { ...rest, state: broadcastStateAt(b, new Date()) }
}

function inSegment(userId: string, segment: BroadcastSegment): boolean {
  const u = db.users.find((x) => x.id === userId)
  if (!u) return false
  if (segment === 'all') return true
  if (segment === 'admins') return u.role !== 'user'
  if (segment === 'newsletter') return userId in db.ops.newsletter
  return db.fleet.companies.some((c) => c.ownerId === userId && c.status !== 'destroyed')
}

/** The BFF notifies a broadcast's segment once, when it first goes live. */
function deliverDue() {
  const now = new Date()
  for (const b of db.ops.broadcasts) {
    if (b.recipients !== null || broadcastStateAt(b, now) !== 'live') continue
    const ids = db.users.filter((u) => inSegment(u.id, b.segment)).map((u) => u.id)
    for (const userId of ids) addNotification({ userId, kind: 'broadcast', companyId: null, title: b.title })
    b.recipients = ids.length
  }
}

export const operationHandlers = [
  // ---- BYOK revoke
  http.get('/api/admin/users/:userId/credentials', ({ params }) => {
    const refused = adminGuard(false)
    if (refused) return refused
    const userId = String(params.userId)
    if (!db.users.some((u) => u.id === userId)) return apiError(404, 'not_found', 'User not found')
    const items = db.fleet.secrets
      .filter((s) => s.ownerId === userId)
      .map((s) => ({
        id: s.id,
        provider: s.provider,
        label: s.label,
        last4: s.value.slice(-4),
        createdAt: s.createdAt,
        boundCompanies: db.fleet.companies.filter((c) => c.status !== 'destroyed' && c.bindings[s.provider] === s.id).length,
      }))
    const revocations = db.ops.revocations.filter((r) => r.ownerId === userId).map(({ secretId: _s, ownerId: _o, ...r }) => r)
    return HttpResponse.json({ items, revocations })
  }),
  http.post('/api/admin/credentials/:id/revoke', async ({ params, request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const parsed = RevokeCredentialInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, RevokeCredentialInputSchema)
    const secret = db.fleet.secrets.find((s) => s.id === params.id)
    if (!secret) return apiError(404, 'not_found', 'Provider secret not found')
    const affected = db.fleet.companies.filter((c) => c.bindings[secret.provider] === secret.id)
    const revocation = {
      id: `rv-${db.ops.revocations.length + 1}`,
      secretId: secret.id,
      ownerId: secret.ownerId,
      provider: secret.provider,
      label: secret.label,
      last4: secret.value.slice(-4),
      reason: parsed.data.reason,
      revokedAt: new Date().toISOString(),
      affectedCompanies: affected.map((c) => ({ id: c.id, slug: c.slug, name: c.name })),
    }
    db.ops.revocations.unshift(revocation)
    db.fleet.secrets = db.fleet.secrets.filter((s) => s.id !== secret.id)
    addNotification({
      userId: secret.ownerId,
      kind: 'credential_revoked',
      companyId: null,
      title: `A platform owner revoked your ${secret.provider} credential “${secret.label}” (…${revocation.last4}): ${revocation.reason}`,
    })
    audit('provider_secret.revoked', 'provider_secret', secret.id, `Revoked the ${secret.provider} credential “${secret.label}”`)
    const { secretId: _s, ownerId: _o, ...body } = revocation
    return HttpResponse.json(body)
  }),

  // ---- Broadcasts
  http.get(ACCOUNT_OPS_API.broadcasts.path, () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    deliverDue()
    const now = new Date()
    const items = db.ops.broadcasts
      .filter((b) => broadcastStateAt(b, now) === 'live' && inSegment(user.id, b.segment))
      .map((b) => ({ id: b.id, title: b.title, body: b.body, severity: b.severity, endsAt: b.endsAt }))
    return HttpResponse.json({ items })
  }),
  http.get(ADMIN_API.broadcasts.path, () => {
    const refused = adminGuard(false)
    if (refused) return refused
    deliverDue()
    return HttpResponse.json({ items: db.ops.broadcasts.map(publicBroadcast) })
  }),
  http.post(ADMIN_API.createBroadcast.path, async ({ request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const parsed = CreateBroadcastInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, CreateBroadcastInputSchema)
    const now = new Date()
    if (Date.parse(parsed.data.endsAt) <= now.getTime()) {
      return ruleRefused('endsAt', 'The end is in the past', 'broadcast_end_past', {
        message: 'This broadcast would never be shown',
      })
    }
    const b = {
      id: `b-${db.ops.broadcasts.length + 1}`,
      title: parsed.data.title,
      body: parsed.data.body,
      segment: parsed.data.segment,
      severity: parsed.data.severity,
      startsAt: new Date(parsed.data.startsAt ?? now).toISOString(),
      endsAt: new Date(parsed.data.endsAt).toISOString(),
      state: 'scheduled' as const,
      createdAt: now.toISOString(),
      recipients: null,
      cancelledAt: null,
    }
    db.ops.broadcasts.unshift(b)
    deliverDue()
    audit('broadcast.created', 'broadcast', b.id, `Broadcast “${b.title}” to ${b.segment}`)
    return HttpResponse.json(publicBroadcast(b), { status: 201 })
  }),
  http.post('/api/admin/broadcasts/:id/cancel', ({ params }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const b = db.ops.broadcasts.find((x) => x.id === params.id)
    if (!b) return apiError(404, 'not_found', 'Broadcast not found')
    const state = broadcastStateAt(b, new Date())
    if (state === 'ended' || state === 'cancelled') return apiError(409, 'broadcast_over', `This broadcast is already ${state}`)
    b.cancelledAt = new Date().toISOString()
    audit('broadcast.cancelled', 'broadcast', b.id, `Cancelled the broadcast “${b.title}”`)
    return HttpResponse.json(publicBroadcast(b))
  }),

  // ---- Newsletter
  http.get(ACCOUNT_OPS_API.newsletter.path, () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const since = db.ops.newsletter[user.id] ?? null
    return HttpResponse.json({ optedIn: since !== null, since })
  }),
  http.put(ACCOUNT_OPS_API.setNewsletter.path, async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = NewsletterPreferenceInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, NewsletterPreferenceInputSchema)
    if (parsed.data.optedIn) db.ops.newsletter[user.id] ??= new Date().toISOString()
    else delete db.ops.newsletter[user.id]
    const since = db.ops.newsletter[user.id] ?? null
    return HttpResponse.json({ optedIn: since !== null, since })
  }),
  http.get(ADMIN_API.newsletter.path, () => {
    const refused = adminGuard(false)
    if (refused) return refused
    return HttpResponse.json({ subscribers: Object.keys(db.ops.newsletter).length })
  }),
  http.post(ADMIN_API.exportNewsletter.path, async ({ request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const body = await jsonOf(request)
    if (typeof body !== 'object' || body === null || Object.keys(body).length > 0) {
      return apiError(400, 'validation_failed', 'Some fields are invalid')
    }
    const rows = Object.entries(db.ops.newsletter)
      .map(([id, since]) => ({ u: db.users.find((u) => u.id === id)!, since }))
      .map(({ u, since }) => `${u.email},${u.name},${since}`)
    audit('newsletter.exported', 'newsletter', null, `Exported ${rows.length} newsletter subscriber(s) as CSV`)
    return new HttpResponse(['email,name,opted_in_at', ...rows, ''].join('\r\n'), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="newsletter.csv"' },
    })
  }),

  // ---- Skill documents
  http.get(ADMIN_API.skills.path, () => {
    const refused = adminGuard(false)
    if (refused) return refused
    return HttpResponse.json({ items: db.ops.skills.map(({ versions: _v, ...d }) => d) })
  }),
  http.get('/api/admin/skills/:slug', ({ params }) => {
    const refused = adminGuard(false)
    if (refused) return refused
    const d = db.ops.skills.find((x) => x.slug === params.slug)
    if (!d) return apiError(404, 'not_found', 'Skill document not found')
    const { versions, ...document } = d
    return HttpResponse.json({ document, versions })
  }),
  http.put('/api/admin/skills/:slug', async ({ params, request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const slug = SkillSlugSchema.safeParse(params.slug)
    if (!slug.success)
      return apiError(400, 'validation_failed', 'Some fields are invalid', { fields: { slug: [slug.error.issues[0]!.message] } })
    const parsed = SaveSkillDocumentInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, SaveSkillDocumentInputSchema)
    const now = new Date().toISOString()
    const by = currentUser()!.email
    let d = db.ops.skills.find((x) => x.slug === slug.data)
    const created = !d
    if (!d) {
      d = {
        slug: slug.data,
        title: parsed.data.title,
        path: `/skills/${slug.data}.md`,
        currentVersion: 0,
        updatedAt: now,
        deletedAt: null,
        versions: [],
      }
      db.ops.skills.push(d)
    }
    d.currentVersion += 1
    d.title = parsed.data.title
    d.updatedAt = now
    d.deletedAt = null
    d.versions.unshift({ version: d.currentVersion, body: parsed.data.body, createdAt: now, createdBy: by })
    audit('skill.saved', 'skill_document', d.slug, `Saved skill document ${d.path} (version ${d.currentVersion})`)
    const { versions: _v, ...document } = d
    return HttpResponse.json(document, { status: created ? 201 : 200 })
  }),
  http.delete('/api/admin/skills/:slug', ({ params }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const d = db.ops.skills.find((x) => x.slug === params.slug)
    if (!d) return apiError(404, 'not_found', 'Skill document not found')
    if (d.deletedAt) return apiError(409, 'already_deleted', 'This skill document is already deleted')
    d.deletedAt = new Date().toISOString()
    audit('skill.deleted', 'skill_document', d.slug, `Deleted skill document ${d.path}`)
    const { versions: _v, ...document } = d
    return HttpResponse.json(document)
  }),
]
