import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import {
  ProbeClassSchema,
  TRIAGE_TRANSITIONS,
  SEVERITY_RANK,
  type BulkTriageResult,
  type FeedbackQuery,
  type ProbeClass,
  type SecuritySummary,
  type SignalGroup,
  type SignalGroupDetail,
  type TriageState,
  type UpdateSignalGroupInput,
} from '@exocorp/shared/feedback'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { signalGroups, signals, triageNotes } from '../../db/schema/signals'
import { decodeCursor, encodeCursor } from '../../lib/cursor'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'

type GroupRow = typeof signalGroups.$inferSelect

function toGroup(row: GroupRow, assignee: { id: string; email: string } | null): SignalGroup {
  return {
    id: row.id,
    kind: row.kind,
    category: row.category,
    severity: row.severity,
    probeClass: row.probeClass,
    state: row.state,
    title: row.title,
    sourceLabel: row.sourceLabel,
    endpoint: row.endpoint,
    count: Number(row.count),
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    assignee,
    updatedAt: row.updatedAt,
  }
}

/** The keyset of each sort: (primary, lastSeenAt, id), all descending. */
const SORTS = {
  severity: signalGroups.severityRank,
  lastSeen: signalGroups.lastSeenAt,
  count: signalGroups.count,
} satisfies Record<FeedbackQuery['sort'], SQLiteColumn>

type Cursor = [number | string, string, string]
function groupCursor(v: unknown): Cursor | null {
  if (!Array.isArray(v) || v.length !== 3) return null
  const [a, b, c] = v as unknown[]
  if (!(typeof a === 'string' || (typeof a === 'number' && Number.isSafeInteger(a)))) return null
  if (typeof b !== 'string' || typeof c !== 'string' || b.length > 40 || c.length > 100) return null
  if (typeof a === 'string' && a.length > 40) return null
  return [a, b, c]
}

function likePattern(q: string) {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`
}

/**
 * The triage queue: filters, server-side keyset pages, highest severity first by default (ties:
 * most recently seen). Archived groups only when asked for by state.
 */
export async function listSignalGroups(deps: Pick<Deps, 'db'>, q: FeedbackQuery) {
  const where: (SQL | undefined)[] = []
  if (q.state) where.push(eq(signalGroups.state, q.state))
  else where.push(ne(signalGroups.state, 'archived'))
  if (q.kind) where.push(eq(signalGroups.kind, q.kind))
  if (q.category) where.push(eq(signalGroups.category, q.category))
  if (q.probeClass) where.push(eq(signalGroups.probeClass, q.probeClass))
  if (q.severity) where.push(eq(signalGroups.severity, q.severity))
  if (q.assigneeId) where.push(eq(signalGroups.assigneeUserId, q.assigneeId))
  if (q.q?.trim()) {
    const p = likePattern(q.q.trim())
    where.push(
      or(sql`lower(${signalGroups.title}) LIKE ${p} ESCAPE '\\'`, sql`lower(${signalGroups.sourceLabel}) LIKE ${p} ESCAPE '\\'`),
    )
  }
  const col = SORTS[q.sort]
  const after = decodeCursor(q.cursor, groupCursor)
  if (after) {
    const [v, seen, id] = after
    where.push(
      or(
        sql`${col} < ${v}`,
        and(sql`${col} = ${v}`, sql`${signalGroups.lastSeenAt} < ${seen}`),
        and(sql`${col} = ${v}`, sql`${signalGroups.lastSeenAt} = ${seen}`, sql`${signalGroups.id} < ${id}`),
      ),
    )
  }
  const rows = await deps.db
    .select({ g: signalGroups, assigneeEmail: users.email })
    .from(signalGroups)
    .leftJoin(users, eq(users.id, signalGroups.assigneeUserId))
    .where(and(...where))
    .orderBy(desc(col), desc(signalGroups.lastSeenAt), desc(signalGroups.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  const sortValue = (g: GroupRow) =>
    q.sort === 'severity' ? g.severityRank : q.sort === 'count' ? Number(g.count) : g.lastSeenAt
  return {
    items: page.map((r) =>
      toGroup(r.g, r.g.assigneeUserId && r.assigneeEmail ? { id: r.g.assigneeUserId, email: r.assigneeEmail } : null),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor([sortValue(last.g), last.g.lastSeenAt, last.g.id]) : null,
  }
}

/** The security view: probe groups not archived, per class. */
export async function securitySummary(deps: Pick<Deps, 'db'>): Promise<SecuritySummary> {
  const rows = await deps.db
    .select({
      probeClass: signalGroups.probeClass,
      groups: sql<number>`count(*)`.mapWith(Number),
      occurrences: sql<number>`coalesce(sum(${signalGroups.count}), 0)`.mapWith(Number),
      lastSeenAt: sql<string | null>`max(${signalGroups.lastSeenAt})`,
    })
    .from(signalGroups)
    .where(and(eq(signalGroups.kind, 'probe'), ne(signalGroups.state, 'archived')))
    .groupBy(signalGroups.probeClass)
  const by = new Map(rows.map((r) => [r.probeClass, r]))
  return {
    classes: ProbeClassSchema.options.map((probeClass: ProbeClass) => {
      const r = by.get(probeClass)
      return { probeClass, groups: r?.groups ?? 0, occurrences: r?.occurrences ?? 0, lastSeenAt: r?.lastSeenAt ?? null }
    }),
  }
}

async function findGroup(db: Deps['db'], id: string) {
  const [row] = await db
    .select({ g: signalGroups, assigneeEmail: users.email })
    .from(signalGroups)
    .leftJoin(users, eq(users.id, signalGroups.assigneeUserId))
    .where(eq(signalGroups.id, id))
    .limit(1)
  if (!row) throw AppError.notFound('Feedback group')
  return toGroup(row.g, row.g.assigneeUserId && row.assigneeEmail ? { id: row.g.assigneeUserId, email: row.assigneeEmail } : null)
}

export async function signalGroupDetail(deps: Pick<Deps, 'db'>, id: string): Promise<SignalGroupDetail> {
  const group = await findGroup(deps.db, id)
  const members = await deps.db
    .select()
    .from(signals)
    .where(eq(signals.groupId, id))
    .orderBy(desc(signals.at), desc(signals.id))
    .limit(100)
  const notes = await deps.db
    .select()
    .from(triageNotes)
    .where(eq(triageNotes.groupId, id))
    .orderBy(asc(triageNotes.at), asc(triageNotes.id))
    .limit(200)
  return {
    group,
    members: members.map((m) => ({
      id: m.id,
      at: m.at,
      kind: m.kind,
      text: m.text,
      sourceLabel: m.sourceLabel,
      endpoint: m.endpoint,
      page: m.page,
      companySlug: m.companySlug,
      userAgent: m.userAgent,
      location: m.location,
    })),
    notes: notes.map((n) => ({ id: n.id, at: n.at, author: n.authorLabel, body: n.body })),
  }
}

function transitionProblem(from: TriageState, to: TriageState): string | null {
  if (from === to) return null
  return TRIAGE_TRANSITIONS[from].includes(to) ? null : `A group cannot move from ${from} to ${to}`
}

async function assertAssignable(db: Deps['db'], userId: string) {
  const [u] = await db.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).limit(1)
  if (!u || u.role === 'user' || u.disabledAt) {
    throw AppError.validation({ assigneeId: ['Assign to an active admin or platform owner'] })
  }
}

/** State, assignee or severity of one group; the workflow's moves only (409 otherwise). */
export async function updateSignalGroup(deps: Pick<Deps, 'db' | 'clock'>, id: string, input: UpdateSignalGroupInput) {
  if (input.assigneeId) await assertAssignable(deps.db, input.assigneeId)
  const before = await deps.db.write(async (tx) => {
    const [row] = await tx.select().from(signalGroups).where(eq(signalGroups.id, id)).limit(1)
    if (!row) throw AppError.notFound('Feedback group')
    if (input.state) {
      const problem = transitionProblem(row.state, input.state)
      if (problem) throw AppError.conflict('invalid_transition', problem, { from: row.state, to: input.state })
    }
    await tx
      .update(signalGroups)
      .set({
        ...(input.state ? { state: input.state } : {}),
        ...(input.assigneeId !== undefined ? { assigneeUserId: input.assigneeId } : {}),
        ...(input.severity ? { severity: input.severity, severityRank: SEVERITY_RANK[input.severity] } : {}),
        updatedAt: deps.clock.now().toISOString(),
      })
      .where(eq(signalGroups.id, id))
    return row
  })
  return { before, group: await findGroup(deps.db, id) }
}

/** Moves many groups at once; each that cannot move is reported, the others move. */
export async function bulkTriage(
  deps: Pick<Deps, 'db' | 'clock'>,
  ids: readonly string[],
  state: TriageState,
): Promise<BulkTriageResult> {
  const unique = [...new Set(ids)]
  return deps.db.write(async (tx) => {
    const rows = await tx
      .select({ id: signalGroups.id, state: signalGroups.state })
      .from(signalGroups)
      .where(inArray(signalGroups.id, unique))
    const found = new Map(rows.map((r) => [r.id, r.state]))
    const updated: string[] = []
    const refused: BulkTriageResult['refused'] = []
    for (const id of unique) {
      const from = found.get(id)
      if (!from) refused.push({ id, reason: 'not_found' })
      else if (transitionProblem(from, state)) refused.push({ id, reason: `cannot move from ${from}` })
      else updated.push(id)
    }
    if (updated.length) {
      await tx
        .update(signalGroups)
        .set({ state, updatedAt: deps.clock.now().toISOString() })
        .where(inArray(signalGroups.id, updated))
    }
    return { updated, refused }
  })
}

export async function addTriageNote(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: string,
  author: { id: string; email: string },
  body: string,
) {
  return deps.db.write(async (tx) => {
    const [row] = await tx.select({ id: signalGroups.id }).from(signalGroups).where(eq(signalGroups.id, id)).limit(1)
    if (!row) throw AppError.notFound('Feedback group')
    const note = {
      id: newId(),
      groupId: id,
      at: deps.clock.now().toISOString(),
      authorUserId: author.id,
      authorLabel: author.email,
      body,
    }
    await tx.insert(triageNotes).values(note)
    await tx.update(signalGroups).set({ updatedAt: note.at }).where(eq(signalGroups.id, id))
    return { id: note.id, at: note.at, author: note.authorLabel, body: note.body }
  })
}
