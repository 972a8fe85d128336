import { http, HttpResponse } from 'msw'
import {
  BulkTriageInputSchema,
  FeedbackInputSchema,
  FeedbackQuerySchema,
  ProbeClassSchema,
  SEVERITY_RANK,
  TRIAGE_TRANSITIONS,
  TriageNoteInputSchema,
  UpdateSignalGroupInputSchema,
  type SignalGroup,
} from '@exocorp/shared/feedback'
import {
  FLAG_DEFINITIONS,
  SetFlagInputSchema,
  flagScopeRule,
  flagValueRule,
  type FlagChange,
  type ResolvedFlag,
} from '@exocorp/shared/rollout'
import { addAudit, db } from '../mock-db'
import { adminGuard, apiError, invalidInput, requireUser, ruleRefused } from '../http'

/*
 * Feedback, triage and rollout flags of the mocked backend. Inputs are parsed with the shared
 * contract's schemas and the workflow's moves come from it (TRIAGE_TRANSITIONS), as the BFF does.
 */

const groupOf = (g: (typeof db.ops.groups)[number]): SignalGroup => {
  const { members: _m, notes: _n, ...group } = g
  return group
}

async function jsonOf(request: Request): Promise<unknown> {
  const text = await request.text()
  return text ? JSON.parse(text) : {}
}

function resolve(company: { id: string; channel: string }): ResolvedFlag[] {
  return FLAG_DEFINITIONS.map((d) => {
    for (const [scope, scopeId] of [
      ['company', company.id],
      ['channel', company.channel],
      ['global', ''],
    ] as const) {
      const s = db.ops.flagSettings.find((x) => x.key === d.key && x.scope === scope && x.scopeId === scopeId)
      if (s) return { key: d.key, value: s.value, source: scope }
    }
    return { key: d.key, value: d.default, source: 'default' as const }
  })
}

function applyFlag(c: Omit<FlagChange, 'id' | 'at' | 'from' | 'actor'>, actor: string): FlagChange {
  const i = db.ops.flagSettings.findIndex((s) => s.key === c.key && s.scope === c.scope && s.scopeId === c.scopeId)
  const from = i >= 0 ? db.ops.flagSettings[i]!.value : null
  const now = new Date().toISOString()
  if (i >= 0) db.ops.flagSettings.splice(i, 1)
  if (c.to !== null) {
    db.ops.flagSettings.push({
      key: c.key,
      scope: c.scope,
      scopeId: c.scopeId,
      scopeLabel: c.scopeLabel,
      value: c.to,
      updatedAt: now,
      updatedBy: actor,
    })
  }
  const change: FlagChange = { ...c, id: crypto.randomUUID(), at: now, from, actor }
  db.ops.flagChanges.unshift(change)
  return change
}

export const opsHandlers = [
  http.post('/api/feedback', async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = FeedbackInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, FeedbackInputSchema)
    const now = new Date().toISOString()
    const id = crypto.randomUUID()
    db.ops.groups.push({
      id,
      kind: 'feedback',
      category: 'product_signal',
      severity: 'low',
      probeClass: null,
      state: 'open',
      title: parsed.data.message.split('\n')[0]!.slice(0, 120),
      sourceLabel: user.email,
      endpoint: null,
      count: 1,
      firstSeenAt: now,
      lastSeenAt: now,
      assignee: null,
      updatedAt: now,
      members: [
        {
          id: crypto.randomUUID(),
          at: now,
          kind: 'feedback',
          text: parsed.data.message,
          sourceLabel: user.email,
          endpoint: null,
          page: parsed.data.context?.page ?? null,
          companySlug: parsed.data.context?.companySlug ?? null,
          userAgent: parsed.data.context?.userAgent ?? null,
          location: null,
        },
      ],
      notes: [],
    })
    return HttpResponse.json({ id, groupId: id, receivedAt: now }, { status: 201 })
  }),

  http.get('/api/admin/feedback', ({ request }) => {
    const refused = adminGuard(false)
    if (refused) return refused
    const parsed = FeedbackQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalidInput(parsed.error.issues, FeedbackQuerySchema)
    const q = parsed.data
    const rows = db.ops.groups
      .filter((g) => (q.state ? g.state === q.state : g.state !== 'archived'))
      .filter((g) => !q.kind || g.kind === q.kind)
      .filter((g) => !q.category || g.category === q.category)
      .filter((g) => !q.probeClass || g.probeClass === q.probeClass)
      .filter((g) => !q.severity || g.severity === q.severity)
      .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.lastSeenAt.localeCompare(a.lastSeenAt))
    const start = q.cursor ? Number(q.cursor) : 0
    const page = rows.slice(start, start + q.limit).map(groupOf)
    return HttpResponse.json({ items: page, nextCursor: start + q.limit < rows.length ? String(start + q.limit) : null })
  }),

  http.get('/api/admin/feedback/security', () => {
    const refused = adminGuard(false)
    if (refused) return refused
    const probes = db.ops.groups.filter((g) => g.kind === 'probe' && g.state !== 'archived')
    return HttpResponse.json({
      classes: ProbeClassSchema.options.map((probeClass) => {
        const of = probes.filter((g) => g.probeClass === probeClass)
        return {
          probeClass,
          groups: of.length,
          occurrences: of.reduce((n, g) => n + g.count, 0),
          lastSeenAt:
            of
              .map((g) => g.lastSeenAt)
              .sort()
              .at(-1) ?? null,
        }
      }),
    })
  }),

  http.post('/api/admin/feedback/bulk', async ({ request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const parsed = BulkTriageInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, BulkTriageInputSchema)
    const updated: string[] = []
    const refusedIds: { id: string; reason: string }[] = []
    for (const id of parsed.data.ids) {
      const g = db.ops.groups.find((x) => x.id === id)
      if (!g) refusedIds.push({ id, reason: 'not_found' })
      else if (g.state !== parsed.data.state && !TRIAGE_TRANSITIONS[g.state].includes(parsed.data.state))
        refusedIds.push({ id, reason: `cannot move from ${g.state}` })
      else {
        g.state = parsed.data.state
        updated.push(id)
      }
    }
    return HttpResponse.json({ updated, refused: refusedIds })
  }),

  http.get('/api/admin/feedback/:id', ({ params }) => {
    const refused = adminGuard(false)
    if (refused) return refused
    const g = db.ops.groups.find((x) => x.id === params.id)
    if (!g) return apiError(404, 'not_found', 'Feedback group not found')
    return HttpResponse.json({ group: groupOf(g), members: g.members, notes: g.notes })
  }),

  http.patch('/api/admin/feedback/:id', async ({ params, request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const g = db.ops.groups.find((x) => x.id === params.id)
    if (!g) return apiError(404, 'not_found', 'Feedback group not found')
    const parsed = UpdateSignalGroupInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, UpdateSignalGroupInputSchema)
    const { state, assigneeId, severity } = parsed.data
    if (state && state !== g.state && !TRIAGE_TRANSITIONS[g.state].includes(state)) {
      return apiError(409, 'conflict', `A group cannot move from ${g.state} to ${state}`, { reason: 'invalid_transition' })
    }
    if (state) g.state = state
    if (severity) g.severity = severity
    if (assigneeId !== undefined) {
      const u = db.users.find((x) => x.id === assigneeId)
      g.assignee = u ? { id: u.id, email: u.email } : null
    }
    g.updatedAt = new Date().toISOString()
    addAudit({
      actor: { type: 'user', id: null, label: 'mock' },
      action: 'feedback.triaged',
      target: { type: 'feedback_group', id: g.id },
      outcome: 'succeeded',
      summary: `Feedback group “${g.title}” updated`,
    })
    return HttpResponse.json(groupOf(g))
  }),

  http.post('/api/admin/feedback/:id/notes', async ({ params, request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const g = db.ops.groups.find((x) => x.id === params.id)
    if (!g) return apiError(404, 'not_found', 'Feedback group not found')
    const parsed = TriageNoteInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, TriageNoteInputSchema)
    const note = {
      id: crypto.randomUUID(),
      at: new Date().toISOString(),
      author: requireUser().user?.email ?? '',
      body: parsed.data.body,
    }
    g.notes.push(note)
    return HttpResponse.json(note, { status: 201 })
  }),

  http.get('/api/admin/runtime/flags', () => {
    const refused = adminGuard(false)
    if (refused) return refused
    return HttpResponse.json({ definitions: FLAG_DEFINITIONS, settings: db.ops.flagSettings })
  }),

  http.get('/api/admin/runtime/flags/resolved', ({ request }) => {
    const refused = adminGuard(false)
    if (refused) return refused
    const q = new URL(request.url).searchParams.get('q')?.toLowerCase() ?? ''
    const items = db.fleet.companies
      .filter((c) => c.status !== 'destroyed' && (!q || c.slug.includes(q) || c.name.toLowerCase().includes(q)))
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .map((c) => ({ companyId: c.id, slug: c.slug, name: c.name, channel: c.channel, status: c.status, flags: resolve(c) }))
    return HttpResponse.json({ items, nextCursor: null })
  }),

  http.get('/api/admin/runtime/flags/history', () => {
    const refused = adminGuard(false)
    if (refused) return refused
    return HttpResponse.json({ items: db.ops.flagChanges, nextCursor: null })
  }),

  http.post('/api/admin/runtime/flags', async ({ request }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const parsed = SetFlagInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, SetFlagInputSchema)
    const input = parsed.data
    // The same keyed refusals as the BFF (decision 064): the value first, then the scope.
    const rule =
      (input.value === null ? null : flagValueRule(input.key, input.value)) ??
      flagScopeRule(input.key, input.scope, input.scopeId)
    if (rule) return ruleRefused(rule.field, rule.sentence, rule.key, rule.vars ? { vars: rule.vars } : {})
    let scopeId = ''
    let scopeLabel = 'global'
    if (input.scope === 'channel') {
      scopeId = input.scopeId ?? ''
      scopeLabel = `channel ${scopeId}`
    } else if (input.scope === 'company') {
      const c = db.fleet.companies.find((x) => x.id === input.scopeId || x.slug === input.scopeId)
      if (!c) return apiError(404, 'not_found', 'Exocorp not found')
      scopeId = c.id
      scopeLabel = c.slug
    }
    const change = applyFlag(
      { key: input.key, scope: input.scope, scopeId, scopeLabel, to: input.value, reason: input.reason, revertOf: null },
      requireUser().user?.email ?? '',
    )
    return HttpResponse.json(change, { status: 201 })
  }),

  http.post('/api/admin/runtime/flags/history/:changeId/revert', ({ params }) => {
    const refused = adminGuard(true)
    if (refused) return refused
    const change = db.ops.flagChanges.find((c) => c.id === params.changeId)
    if (!change) return apiError(404, 'not_found', 'Flag change not found')
    const current = db.ops.flagSettings.find(
      (s) => s.key === change.key && s.scope === change.scope && s.scopeId === change.scopeId,
    )
    if ((current?.value ?? null) !== change.to) {
      return apiError(409, 'conflict', 'The flag has changed since; revert the later change first', { reason: 'superseded' })
    }
    const revert = applyFlag(
      { ...change, to: change.from, reason: `Revert of the change made ${change.at}`, revertOf: change.id },
      requireUser().user?.email ?? '',
    )
    return HttpResponse.json(revert, { status: 201 })
  }),
]
