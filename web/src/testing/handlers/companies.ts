import { http, HttpResponse } from 'msw'
import type { AuditPage } from '@exocorp/shared/audit'
import {
  ActionInputSchema,
  BindInputSchema,
  ConfirmInputSchema,
  CreateCompanyInputSchema,
  DeploymentQuerySchema,
  DESTRUCTIVE_ACTIONS,
  MyCompanyQuerySchema,
  SaveDraftInputSchema,
  SlugSchema,
  UpdateCompanyInputSchema,
  type ActionResult,
  type BindingList,
  type Draft,
  type LifecycleAction,
  type Provider,
} from '@exocorp/shared/companies'
import { BulkActionInputSchema, type BulkActionResult, type BulkItem } from '@exocorp/shared/configuration'
import { acceptedStatusFor, isDestructive } from '@exocorp/shared/lifecycle'
import { changedSettings, settingsErrors } from '@exocorp/shared/settings'
import { budgetPauseOf } from '../mock-billing'
import { addAudit, db, type MockUser } from '../mock-db'
import {
  actionRefusal,
  applyAction,
  currentRelease,
  deploymentsOf,
  handshake,
  jobView,
  manifestYaml,
  mockDomains,
  toDetail,
  toSummary,
  type MockCompany,
} from '../mock-fleet'
import { adminGuard, apiError, requireUser } from '../http'

function visible(userId: string) {
  return db.fleet.companies.filter((c) => c.ownerId === userId && c.status !== 'destroyed')
}

/**
 * The company, or the 404 the BFF answers for missing and other tenants' ids alike. Like the BFF,
 * a destroyed exocorp stays readable by its owner (for its audit trail); writes to it are refused.
 */
function find(id: string | readonly string[] | undefined, user: MockUser) {
  const c = db.fleet.companies.find((x) => x.id === id && x.ownerId === user.id)
  return c ? { c, missing: null } : { c: null, missing: apiError(404, 'not_found', 'No such exocorp') }
}

/** As the BFF: members see an exocorp (read-only), everyone else gets the 404 of a missing id. */
function findVisible(id: string | readonly string[] | undefined, user: MockUser) {
  const c = db.fleet.companies.find(
    (x) =>
      x.id === id && (x.ownerId === user.id || db.teams.memberships.some((m) => m.companyId === x.id && m.userId === user.id)),
  )
  return c ? { c, missing: null } : { c: null, missing: apiError(404, 'not_found', 'No such exocorp') }
}

/** The BFF's 409 for a settings or binding change on a destroyed exocorp. */
function refuseIfDestroyed(c: MockCompany) {
  return c.status === 'destroyed' ? apiError(409, 'conflict', 'This exocorp was destroyed', { reason: 'invalid_state' }) : null
}

function audit(user: MockUser, c: MockCompany, action: string, outcome: 'succeeded' | 'failed', summary: string) {
  addAudit({
    actor: { type: 'user', id: user.id, label: user.email },
    action,
    target: { type: 'company', id: c.id },
    outcome,
    summary,
  })
}

function slugTaken(slug: string) {
  return db.fleet.companies.some((c) => c.slug === slug)
}

function bindingList(c: MockCompany): BindingList {
  const rel = currentRelease(c.channel)
  const items = [
    ...rel.requiredProviders.map((p) => [p, true] as const),
    ...rel.optionalProviders.map((p) => [p, false] as const),
  ].map(([provider, isRequired]: readonly [Provider, boolean]) => {
    const secret = db.fleet.secrets.find((s) => s.id === c.bindings[provider])
    // A platform owner's revoke deleted the secret and left the binding marked (decision 043).
    const revocation = secret ? undefined : db.ops.revocations.find((r) => r.secretId === c.bindings[provider])
    return {
      provider,
      required: isRequired,
      secretId: secret?.id ?? null,
      secretLabel: secret?.label ?? null,
      last4: secret ? secret.value.slice(-4) : null,
      boundAt: secret ? c.updatedAt : null,
      revoked: revocation
        ? { label: revocation.label, last4: revocation.last4, reason: revocation.reason, at: revocation.revokedAt }
        : null,
    }
  })
  // Coverage counts required providers only, as the BFF's (catalog/bindings.ts).
  const needed = items.filter((i) => i.required)
  return { items, coverage: { configured: needed.filter((i) => i.secretId).length, total: needed.length } }
}

/** One lifecycle action for the signed-in owner, decided by the shared rules (like the BFF's engine). */
function runAction(id: string | readonly string[] | undefined, action: LifecycleAction, confirm: string | undefined) {
  const { user, denied } = requireUser()
  if (denied) return denied
  const { c, missing } = find(id, user)
  if (missing) return missing
  if (DESTRUCTIVE_ACTIONS.includes(action) && confirm !== c.slug) {
    return apiError(400, 'validation_failed', `Type the exocorp's slug (${c.slug}) to confirm`, {
      reason: 'confirmation_mismatch',
      fields: { confirm: [`Type ${c.slug} to confirm`] },
    })
  }
  toSummary(c, db.fleet, user.id)
  const refusal = actionRefusal(c, action, db.fleet.secrets)
  if (refusal?.reason === 'invalid_settings') {
    audit(user, c, `company.${action}`, 'failed', refusal.message)
    const target = currentRelease(c.channel)
    return apiError(400, 'validation_failed', refusal.message, {
      reason: refusal.reason,
      fields: settingsErrors(target.settings, c.draft.settings, { complete: true }),
    })
  }
  if (refusal) {
    audit(user, c, `company.${action}`, 'failed', refusal.message)
    return apiError(409, 'conflict', refusal.message, { reason: refusal.reason, status: c.status })
  }
  const job = applyAction(c, action, db.fleet, user.email)
  audit(user, c, `company.${action}`, 'succeeded', `${action} ${c.slug}`)
  const result: ActionResult = { company: toDetail(c, db.fleet, user.id, budgetPauseOf(db.billing, c)), job }
  return HttpResponse.json(result, { status: acceptedStatusFor(action) })
}

/**
 * `POST /api/registry/bulk-actions` the way the BFF's bulk service answers: each item decided by
 * the same shared rules as a single action (preview writes nothing; a run audits each item once),
 * ids the caller cannot see refused as `not_found`, destructive runs confirmed by the count.
 */
async function bulkAction(request: Request, scope: 'owner' | 'admin' = 'owner') {
  const { user, denied } = requireUser()
  if (denied) return denied
  // The admin twin: platform owners on any exocorp (decision 028).
  if (scope === 'admin') {
    const refused = adminGuard(false)
    if (refused) return refused
    if (user.role !== 'platform_owner') return apiError(403, 'forbidden', 'This needs the platform owner role')
  }
  const parsed = BulkActionInputSchema.safeParse(await request.json())
  if (!parsed.success) return apiError(400, 'validation_failed', 'Check the highlighted fields')
  const input = parsed.data
  const fresh = db.reauthenticatedAt !== null && Date.now() - Date.parse(db.reauthenticatedAt) <= 600_000
  if (scope === 'admin' && !input.dryRun && isDestructive(input.action) && !fresh) {
    return apiError(403, 'reauth_required', 'Enter your password again to run a destructive action on several exocorps', {
      reauthenticateAt: '/api/auth/reauthenticate',
    })
  }
  const ids = [...new Set(input.companyIds)]
  const destructive = isDestructive(input.action)
  if (!input.dryRun && destructive && input.confirm !== String(ids.length)) {
    return apiError(400, 'validation_failed', `Type ${ids.length} (the number of selected exocorps) to confirm`, {
      reason: 'confirmation_mismatch',
      fields: { confirm: [`Type ${ids.length} to confirm`] },
    })
  }
  const counts: BulkActionResult['counts'] = { allowed: 0, refused: 0, accepted: 0, succeeded: 0, failed: 0 }
  const items = ids.map((id): BulkItem => {
    const c = db.fleet.companies.find((x) => x.id === id && (scope === 'admin' || x.ownerId === user.id))
    if (!c) {
      return {
        companyId: id,
        slug: null,
        name: null,
        outcome: 'refused',
        code: 'not_found',
        reason: 'No such exocorp',
        status: null,
        jobId: null,
      }
    }
    toSummary(c, db.fleet, user.id)
    const base = { companyId: c.id, slug: c.slug, name: c.name, status: c.status, jobId: null }
    const refusal = actionRefusal(c, input.action, db.fleet.secrets)
    if (refusal) {
      if (!input.dryRun) audit(user, c, `company.${input.action}`, 'failed', refusal.message)
      return { ...base, outcome: 'refused', code: refusal.reason, reason: refusal.message }
    }
    if (input.dryRun) return { ...base, outcome: 'allowed', code: null, reason: null }
    const job = applyAction(c, input.action, db.fleet, user.email)
    audit(user, c, `company.${input.action}`, 'succeeded', `${input.action} ${c.slug}`)
    const finished = !c.job
    return {
      ...base,
      status: c.status,
      outcome: finished ? 'succeeded' : 'accepted',
      code: null,
      reason: null,
      jobId: job?.id ?? null,
    }
  })
  for (const item of items) counts[item.outcome]++
  const result: BulkActionResult = { action: input.action, dryRun: Boolean(input.dryRun), destructive, items, counts }
  return HttpResponse.json(result)
}

export const companyHandlers = [
  http.post('/api/registry/bulk-actions', ({ request }) => bulkAction(request)),
  http.post('/api/admin/bulk-actions', ({ request }) => bulkAction(request, 'admin')),

  http.get('/api/registry/my-companies', ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = MyCompanyQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return apiError(400, 'validation_failed', 'Check the highlighted fields')
    const query = parsed.data
    const q = query.q?.trim().toLowerCase()
    // Exocorps the user was invited into (mock-teams.ts) are listed with the role `member`.
    const shared = db.teams.memberships
      .filter((m) => m.userId === user.id)
      .flatMap((m) => db.fleet.companies.filter((c) => c.id === m.companyId && c.status !== 'destroyed'))
      .map((c) => ({ ...toSummary(c, db.fleet, user.id), role: 'member' as const }))
    const rows = [...visible(user.id).map((c) => toSummary(c, db.fleet, user.id)), ...shared]
      .filter(
        (c) =>
          (!query.status || c.status === query.status) &&
          (!query.health || c.health === query.health) &&
          (!query.channel || c.channel === query.channel) &&
          (!query.role || c.role === query.role) &&
          (!q || c.name.toLowerCase().includes(q) || c.slug.includes(q)),
      )
      .sort((a, b) => {
        const d = String(a[query.sort]).localeCompare(String(b[query.sort])) || a.id.localeCompare(b.id)
        return query.order === 'asc' ? d : -d
      })
    // An offset behind an opaque cursor: the mock's fleet is small and in memory.
    const offset = query.cursor ? Number(atob(query.cursor)) || 0 : 0
    const items = rows.slice(offset, offset + query.limit)
    const nextCursor = offset + query.limit < rows.length ? btoa(String(offset + query.limit)) : null
    return HttpResponse.json({ items, nextCursor })
  }),

  http.get('/api/registry/slug-availability', ({ request }) => {
    const { denied } = requireUser()
    if (denied) return denied
    const raw = new URL(request.url).searchParams.get('slug') ?? ''
    const parsed = SlugSchema.safeParse(raw)
    if (!parsed.success)
      return HttpResponse.json({
        slug: raw,
        available: false,
        reason: parsed.error.issues[0]?.message ?? 'Invalid',
        domains: null,
      })
    const taken = slugTaken(parsed.data)
    const { portal, app } = mockDomains(parsed.data)
    return HttpResponse.json({
      slug: parsed.data,
      available: !taken,
      reason: taken ? 'This slug is already taken' : null,
      domains: { portal, app },
    })
  }),

  http.post('/api/registry/companies', async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = CreateCompanyInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    if (slugTaken(parsed.data.slug)) {
      return apiError(409, 'conflict', 'This slug is already taken', {
        reason: 'slug_taken',
        fields: { slug: ['This slug is already taken'] },
      })
    }
    const now = new Date().toISOString()
    const c: MockCompany = {
      id: `c-${crypto.randomUUID().slice(0, 8)}`,
      slug: parsed.data.slug,
      name: parsed.data.name,
      ownerId: user.id,
      status: 'draft',
      health: 'unknown',
      channel: parsed.data.channel ?? 'stable',
      installedVersion: null,
      previousVersion: null,
      draftVersion: 1,
      deployedDraftVersion: null,
      draft: { agents: [], providers: [], settings: {} },
      draftUpdatedAt: now,
      bindings: {},
      job: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      healthCheckedAt: null,
    }
    db.fleet.companies.push(c)
    audit(user, c, 'company.create', 'succeeded', `Created ${c.name}`)
    return HttpResponse.json(toDetail(c, db.fleet, user.id, budgetPauseOf(db.billing, c)), { status: 201 })
  }),

  http.get('/api/registry/companies/:id', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = findVisible(params.id, user)
    return missing ?? HttpResponse.json(toDetail(c, db.fleet, user.id, budgetPauseOf(db.billing, c)))
  }),

  http.patch('/api/registry/companies/:id', async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    if (missing) return missing
    const destroyed = refuseIfDestroyed(c)
    if (destroyed) return destroyed
    const parsed = UpdateCompanyInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    if (parsed.data.name !== undefined) c.name = parsed.data.name
    if (parsed.data.channel !== undefined) c.channel = parsed.data.channel
    c.updatedAt = new Date().toISOString()
    audit(user, c, 'company.update_settings', 'succeeded', `Updated settings of ${c.slug}`)
    return HttpResponse.json(toDetail(c, db.fleet, user.id, budgetPauseOf(db.billing, c)))
  }),

  http.post('/api/registry/companies/:id/actions', async ({ params, request }) => {
    const parsed = ActionInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Unknown action')
    return runAction(params.id, parsed.data.action, parsed.data.confirm)
  }),

  // The BFF's per-action endpoints: the action is in the path, the body only confirms.
  ...(['provision', 'update', 'restart', 'stop'] as const).map((action) =>
    http.post(`/api/registry/companies/:id/${action}`, async ({ params, request }) => {
      const text = await request.text()
      const parsed = ConfirmInputSchema.safeParse(text.trim() ? JSON.parse(text) : {})
      if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
      return runAction(params.id, action, parsed.data.confirm)
    }),
  ),

  http.get('/api/registry/companies/:id/jobs/current', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    if (missing) return missing
    toSummary(c, db.fleet, user.id)
    // Like the BFF: the job in flight, else the last one, so a finished or failed run stays visible.
    const job = jobView(c, db.fleet) ?? c.lastJob
    return job ? HttpResponse.json(job) : apiError(404, 'not_found', 'No lifecycle job has run for this exocorp yet')
  }),

  http.get('/api/registry/companies/:id/jobs', ({ params, request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    if (missing) return missing
    const parsed = DeploymentQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    toSummary(c, db.fleet, user.id)
    const all = deploymentsOf(c, db.fleet)
    // An offset behind an opaque cursor: the mock's history is small and in memory.
    const offset = parsed.data.cursor ? Number(atob(parsed.data.cursor)) || 0 : 0
    const end = offset + parsed.data.limit
    return HttpResponse.json({ items: all.slice(offset, end), nextCursor: end < all.length ? btoa(String(end)) : null })
  }),

  http.get('/api/registry/companies/:id/draft', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    if (missing) return missing
    const draft: Draft = { version: c.draftVersion, config: c.draft, updatedAt: c.draftUpdatedAt }
    return HttpResponse.json(draft)
  }),

  http.post('/api/registry/companies/:id/draft', async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    if (missing) return missing
    const parsed = SaveDraftInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    if (parsed.data.baseVersion !== c.draftVersion) {
      return apiError(409, 'conflict', 'The draft changed since you opened it', {
        reason: 'stale_draft',
        version: c.draftVersion,
      })
    }
    // The settings the save adds or changes must fit the release it would install (decision 052).
    const release = currentRelease(c.channel)
    const changed = changedSettings(c.draft.settings, parsed.data.config.settings)
    const fields = settingsErrors(release.settings, parsed.data.config.settings, { only: changed })
    if (Object.keys(fields).length > 0) {
      return apiError(400, 'validation_failed', `Some settings do not fit release ${release.version}`, {
        reason: 'invalid_settings',
        fields,
      })
    }
    c.draft = parsed.data.config
    c.draftVersion += 1
    c.draftUpdatedAt = new Date().toISOString()
    const draft: Draft = { version: c.draftVersion, config: c.draft, updatedAt: c.draftUpdatedAt }
    return HttpResponse.json(draft)
  }),

  http.get('/api/registry/companies/:id/bindings', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    return missing ?? HttpResponse.json(bindingList(c))
  }),

  http.post('/api/registry/companies/:id/bindings', async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    if (missing) return missing
    const destroyed = refuseIfDestroyed(c)
    if (destroyed) return destroyed
    const parsed = BindInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    const { provider, secretId } = parsed.data
    if (secretId === null) delete c.bindings[provider]
    else {
      const secret = db.fleet.secrets.find((s) => s.id === secretId && s.ownerId === user.id)
      if (!secret) return apiError(404, 'not_found', 'No such credential')
      if (secret.provider !== provider) return apiError(400, 'validation_failed', `That credential is for ${secret.provider}`)
      c.bindings[provider] = secretId
    }
    c.updatedAt = new Date().toISOString()
    audit(user, c, 'company.bind', 'succeeded', `${secretId ? 'Bound' : 'Unbound'} ${provider} for ${c.slug}`)
    return HttpResponse.json(bindingList(c))
  }),

  http.get('/api/registry/companies/:id/update-handshake', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    return missing ?? HttpResponse.json(handshake(c, db.fleet))
  }),

  http.get('/api/registry/companies/:id/manifest', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, missing } = find(params.id, user)
    if (missing) return missing
    return HttpResponse.json({ yaml: manifestYaml(c, db.fleet.secrets), generatedAt: c.installedVersion ? c.updatedAt : null })
  }),

  http.get('/api/registry/audit-events', ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const q = new URL(request.url).searchParams
    const targetId = q.get('targetId')
    const mine = new Set(db.fleet.companies.filter((c) => c.ownerId === user.id).map((c) => c.id))
    let events = db.audit.filter((e) => e.target.type === 'company' && e.target.id !== null && mine.has(e.target.id))
    if (targetId) events = events.filter((e) => e.target.id === targetId)
    const outcome = q.get('outcome')
    if (outcome) events = events.filter((e) => e.outcome === outcome)
    const action = q.get('action')
    if (action) events = events.filter((e) => e.action === action)
    events = [...events].sort((a, b) => (a.at < b.at ? 1 : -1))
    const limit = Number(q.get('limit') ?? 50)
    const start = Number(q.get('cursor') ?? 0)
    const items = events.slice(start, start + limit)
    const page: AuditPage = { items, nextCursor: start + limit < events.length ? String(start + limit) : null }
    return HttpResponse.json(page)
  }),
]
