import { and, count, desc, eq, gt, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import {
  ADMIN_NOTIFICATION_TRANSITIONS,
  type AdminNotification,
  type AdminNotificationPage,
  type AdminNotificationQuery,
  type AdminNotificationState,
  type BulkAdminNotificationResult,
  type RuntimeNoticeInput,
  isUsageSpike,
  USAGE_SPIKE_RULE,
} from '@exocorp/shared/admin-notifications'
import { type NoticeMessage, isAdminNoticeKey, parseNoticeMessage } from '@exocorp/shared/admin-notice-messages'
import type { Deps } from '../deps'
import type { Db } from '../db/client'
import { adminNotifications } from '../db/schema/admin-notifications'
import { companies } from '../db/schema/companies'
import { usageEvents } from '../db/schema/catalog'
import { decodeCursor, encodeCursor, pairCursor } from '../lib/cursor'
import { AppError } from '../lib/errors'

// Platform notifications for admins (decision 041). Triggers (migration 0026 / pg 0020, keyed since
// 0045 / pg 0040) raise the ones the database sees — a job failed, a runtime unreachable, a budget
// crossed — and resolve some of them again; runtimes report schedule runs and messages here. A
// repeat of an unresolved notice (same dedup key) counts one more occurrence on it instead of adding
// a row; every insert and change is an `admins`-scope `admin_notification.changed` event, by trigger.
// Every notice the platform words itself carries a message key and its facts beside the English
// (decision 063), so the console can word it in the reader's language.

type Row = typeof adminNotifications.$inferSelect

export type { NoticeMessage }

/**
 * The stored key and params. A key this build knows needs params that parse as that key's schema,
 * or both are dropped (the English stays); a key it does not know (written by a newer instance on
 * the same database) is passed on with its params as an object, for a console that may know it.
 */
function messageOf(row: Row): Pick<AdminNotification, 'messageKey' | 'messageParams'> {
  const none = { messageKey: null, messageParams: null }
  if (!row.messageKey || !row.messageParams) return none
  let json: unknown
  try {
    json = JSON.parse(row.messageParams)
  } catch {
    return none
  }
  if (!isAdminNoticeKey(row.messageKey)) {
    return json !== null && typeof json === 'object' && !Array.isArray(json)
      ? { messageKey: row.messageKey, messageParams: json as Record<string, unknown> }
      : none
  }
  const message = parseNoticeMessage(row.messageKey, json)
  return message ? { messageKey: message.key, messageParams: message.params } : none
}

/** The columns a notice's message is stored in (every raiser, the inquiries' own insert too). */
export function messageColumns(message: NoticeMessage | null | undefined): Pick<Row, 'messageKey' | 'messageParams'> {
  return message
    ? { messageKey: message.key, messageParams: JSON.stringify(message.params) }
    : { messageKey: null, messageParams: null }
}

function toNotification(row: Row, companySlug: string | null): AdminNotification {
  return {
    id: String(row.id),
    kind: row.kind,
    severity: row.severity,
    state: row.state,
    companyId: row.companyId,
    companySlug,
    title: row.title,
    detail: row.detail,
    link: row.link,
    ...messageOf(row),
    occurrences: Number(row.occurrences),
    firstAt: row.firstAt,
    lastAt: row.lastAt,
    stateChangedAt: row.stateChangedAt,
    stateChangedBy: row.stateChangedBy,
  }
}

const select = { n: adminNotifications, slug: companies.slug }

/** The queue, most recent activity first; resolved ones only when asked for by state. */
export async function listAdminNotifications(deps: Pick<Deps, 'db'>, q: AdminNotificationQuery): Promise<AdminNotificationPage> {
  const where: (SQL | undefined)[] = [q.state ? eq(adminNotifications.state, q.state) : ne(adminNotifications.state, 'resolved')]
  if (q.kind) where.push(eq(adminNotifications.kind, q.kind))
  if (q.severity) where.push(eq(adminNotifications.severity, q.severity))
  if (q.companyId) where.push(eq(adminNotifications.companyId, q.companyId))
  const after = decodeCursor(q.cursor, pairCursor)
  if (after) {
    const [lastAt, id] = after
    const n = Number(id)
    if (!Number.isSafeInteger(n)) throw AppError.validation({ cursor: ['Invalid cursor: use the nextCursor of a previous page'] })
    where.push(
      or(lt(adminNotifications.lastAt, lastAt), and(eq(adminNotifications.lastAt, lastAt), lt(adminNotifications.id, n))),
    )
  }
  const rows = await deps.db
    .select(select)
    .from(adminNotifications)
    .leftJoin(companies, eq(companies.id, adminNotifications.companyId))
    .where(and(...where))
    .orderBy(desc(adminNotifications.lastAt), desc(adminNotifications.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  const counts = { new: 0, acknowledged: 0 }
  for (const r of await deps.db
    .select({ state: adminNotifications.state, n: count() })
    .from(adminNotifications)
    .where(ne(adminNotifications.state, 'resolved'))
    .groupBy(adminNotifications.state)) {
    if (r.state === 'new' || r.state === 'acknowledged') counts[r.state] = Number(r.n)
  }
  return {
    items: page.map((r) => toNotification(r.n, r.slug)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.n.lastAt, String(last.n.id)]) : null,
    counts,
  }
}

function transitionProblem(from: AdminNotificationState, to: AdminNotificationState): string | null {
  if (from === to) return null
  return ADMIN_NOTIFICATION_TRANSITIONS[from].includes(to) ? null : `A ${from} notification cannot become ${to}`
}

async function findOne(db: Deps['db'], id: number) {
  const [row] = await db
    .select(select)
    .from(adminNotifications)
    .leftJoin(companies, eq(companies.id, adminNotifications.companyId))
    .where(eq(adminNotifications.id, id))
    .limit(1)
  return row ?? null
}

/** Acknowledge or resolve one notice (409 `invalid_transition` for a move the queue does not allow). */
export async function updateAdminNotification(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: number,
  state: AdminNotificationState,
  by: string,
): Promise<{ before: AdminNotificationState; notification: AdminNotification }> {
  const now = deps.clock.now().toISOString()
  const before = await deps.db.write(async (tx) => {
    const [row] = await tx.select().from(adminNotifications).where(eq(adminNotifications.id, id)).limit(1)
    if (!row) throw AppError.notFound('Notification')
    const problem = transitionProblem(row.state, state)
    if (problem) throw AppError.conflict('invalid_transition', problem, { from: row.state, to: state })
    if (row.state !== state) {
      await tx
        .update(adminNotifications)
        .set({ state, stateChangedAt: now, stateChangedBy: by })
        .where(eq(adminNotifications.id, id))
    }
    return row.state
  })
  const after = await findOne(deps.db, id)
  if (!after) throw AppError.notFound('Notification')
  return { before, notification: toNotification(after.n, after.slug) }
}

/** The same move on many: the allowed ones happen in one transaction, the others are listed with why. */
export async function bulkUpdateAdminNotifications(
  deps: Pick<Deps, 'db' | 'clock'>,
  ids: readonly string[],
  state: AdminNotificationState,
  by: string,
): Promise<BulkAdminNotificationResult> {
  const now = deps.clock.now().toISOString()
  const wanted = [...new Set(ids)].map(Number)
  return deps.db.write(async (tx) => {
    const rows = await tx
      .select({ id: adminNotifications.id, state: adminNotifications.state })
      .from(adminNotifications)
      .where(inArray(adminNotifications.id, wanted))
    const found = new Map(rows.map((r) => [Number(r.id), r.state]))
    const updated: string[] = []
    const refused: { id: string; reason: string }[] = []
    for (const id of wanted) {
      const from = found.get(id)
      if (from === undefined) refused.push({ id: String(id), reason: 'No such notification' })
      else {
        const problem = transitionProblem(from, state)
        if (problem) refused.push({ id: String(id), reason: problem })
        else if (from !== state) updated.push(String(id))
      }
    }
    if (updated.length > 0) {
      await tx
        .update(adminNotifications)
        .set({ state, stateChangedAt: now, stateChangedBy: by })
        .where(inArray(adminNotifications.id, updated.map(Number)))
    }
    return { updated, refused }
  })
}

/**
 * Raises a notice, or, while one with the same dedup key is unresolved, counts the repeat on it
 * (its last-seen time, title and detail follow the latest). The unique index on `dedup_key` over
 * unresolved rows is what makes this one statement on both databases.
 */
function raiseNotice(
  tx: Db,
  notice: Pick<Row, 'kind' | 'severity' | 'companyId' | 'dedupKey' | 'title' | 'detail'> &
    Partial<Pick<Row, 'sourceKey' | 'link'>> & { at: string; message: NoticeMessage | null },
) {
  const { at, message, ...values } = notice
  // The key and its facts follow the title and detail they word.
  const worded = messageColumns(message)
  return tx
    .insert(adminNotifications)
    .values({ ...values, ...worded, firstAt: at, lastAt: at })
    .onConflictDoUpdate({
      target: adminNotifications.dedupKey,
      targetWhere: sql`state <> 'resolved'`,
      set: {
        occurrences: sql`${adminNotifications.occurrences} + 1`,
        lastAt: at,
        title: notice.title,
        detail: notice.detail,
        ...worded,
      },
    })
    .returning({ id: adminNotifications.id, occurrences: adminNotifications.occurrences })
}

const NOTICE_SEVERITY = { schedule_completed: 'info', schedule_failed: 'warning', message: 'info' } as const

/**
 * What a runtime reports (a schedule ran, an agent sent a message): one notice per exocorp, kind
 * and name while unresolved, counted on repeat.
 */
export async function recordRuntimeNotice(
  deps: Pick<Deps, 'db' | 'clock'>,
  company: { id: string; name: string },
  input: RuntimeNoticeInput,
): Promise<{ notificationId: string; occurrences: number }> {
  const now = deps.clock.now().toISOString()
  const who = input.agent ? `${input.agent} of ${company.name}` : company.name
  const title =
    input.kind === 'message'
      ? `${who} sent a message to ${input.name}`
      : `Schedule “${input.name}” of ${who} ${input.kind === 'schedule_failed' ? 'failed' : 'completed'}`
  // The title is the platform's sentence around the runtime's names, so it is keyed; the detail is
  // the runtime's own words and stays as sent.
  const base = input.kind === 'message' ? 'message_sent' : input.kind
  const message: NoticeMessage = input.agent
    ? { key: `${base}_agent`, params: { name: input.name, agent: input.agent, exocorp: company.name } }
    : { key: base, params: { name: input.name, exocorp: company.name } }
  const [row] = await deps.db.write((tx) =>
    raiseNotice(tx, {
      kind: input.kind,
      severity: NOTICE_SEVERITY[input.kind],
      companyId: company.id,
      dedupKey: `${input.kind}:${company.id}:${input.name.toLowerCase()}`,
      title,
      detail: input.detail ?? null,
      message,
      at: now,
    }),
  )
  if (!row) throw new Error('the notice upsert returned no row')
  return { notificationId: String(row.id), occurrences: Number(row.occurrences) }
}

/**
 * A notice for admins from anywhere in the platform (a custom domain that stopped verifying, a
 * deployment target that turned unhealthy, …): repeats from the same source count on the open notice
 * instead of adding one. Pass a transaction as `db` to raise it with the change that caused it.
 */
export async function addAdminNotification(
  deps: Pick<Deps, 'clock'> & { db: Db },
  notice: {
    kind: Extract<Row['kind'], 'enterprise_inquiry' | 'custom_domain' | 'connector_event' | 'deployment_target'>
    title: string
    body: string
    sourceKey: string
    companyId?: string | null
    /** Default: info for inquiries, warning otherwise. */
    severity?: Row['severity']
    /** A console path the notice points at. */
    link?: string | null
    /** The key and facts of the title (and detail) above, so the console can word it (decision 063). */
    message?: NoticeMessage | null
  },
): Promise<void> {
  const now = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await raiseNotice(tx, {
      kind: notice.kind,
      severity: notice.severity ?? (notice.kind === 'enterprise_inquiry' ? 'info' : 'warning'),
      companyId: notice.companyId ?? null,
      dedupKey: `${notice.kind}:${notice.sourceKey}`,
      title: notice.title,
      detail: notice.body,
      sourceKey: notice.sourceKey,
      link: notice.link ?? null,
      message: notice.message ?? null,
      at: now,
    })
  })
}

/** How long a resolved notice is kept as history before the periodic pass deletes it (decision 051). */
export const RESOLVED_NOTICE_RETENTION_DAYS = 30

/**
 * Retention: deletes notices resolved more than `days` ago (resolved at `state_changed_at`; a
 * notice's `last_at` is never later, so the condition on it lets the (state, last_at) index find
 * them). New and acknowledged notices are kept however old. Run by the billing evaluator's pass,
 * the platform's one lease-held periodic worker, so one instance does it. Returns how many went.
 */
export async function pruneResolvedAdminNotifications(
  deps: Pick<Deps, 'db' | 'clock'>,
  days = RESOLVED_NOTICE_RETENTION_DAYS,
): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString()
  const gone = await deps.db.write((tx) =>
    tx
      .delete(adminNotifications)
      .where(
        and(
          eq(adminNotifications.state, 'resolved'),
          lt(adminNotifications.lastAt, cutoff),
          lt(sql`coalesce(${adminNotifications.stateChangedAt}, ${adminNotifications.lastAt})`, cutoff),
        ),
      )
      .returning({ id: adminNotifications.id }),
  )
  return gone.length
}

/**
 * An amount in micros as the notices state it, rounded to cents on the integer micros (not on a
 * float: `Math.round(x * 100) / 100` can land a cent off `toFixed`). The English text and the param
 * are both made from this one number, so they cannot disagree.
 */
export const noticeAmount = (micros: number) => Math.round(micros / 10_000) / 100
const money = (amount: number) => amount.toFixed(2)

/**
 * The usage-spike rule (`USAGE_SPIKE_RULE`, decision 051) for one exocorp, run after each usage
 * event it reports. Cheap when nothing spikes: one indexed sum over the last hour, which is below
 * the floor almost always; the open notice and the trailing day are read only past it. Returns the
 * notice it raised or counted on, or null.
 */
export async function evaluateUsageSpike(
  deps: Pick<Deps, 'db' | 'clock'>,
  company: { id: string; name: string },
  rule = USAGE_SPIKE_RULE,
): Promise<{ notificationId: string; occurrences: number } | null> {
  const now = deps.clock.now()
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString()
  const trailingFrom = new Date(now.getTime() - (rule.trailingHours + 1) * 3_600_000).toISOString()
  const costBetween = async (from: string, to: string) => {
    const [row] = await deps.db
      .select({ micros: sql<number | string | null>`sum(${usageEvents.costMicros})` })
      .from(usageEvents)
      .where(and(eq(usageEvents.companyId, company.id), gt(usageEvents.at, from), lte(usageEvents.at, to)))
    return Number(row?.micros ?? 0)
  }
  const lastHour = await costBetween(hourAgo, now.toISOString())
  if (lastHour < rule.floorMicros) return null
  const dedupKey = `usage_spike:${company.id}`
  const [open] = await deps.db
    .select({ lastAt: adminNotifications.lastAt })
    .from(adminNotifications)
    .where(and(eq(adminNotifications.dedupKey, dedupKey), ne(adminNotifications.state, 'resolved')))
    .limit(1)
  if (open && open.lastAt > hourAgo) return null
  const trailing = await costBetween(trailingFrom, hourAgo)
  if (!isUsageSpike(lastHour, trailing, rule)) return null
  const at = now.toISOString()
  const spent = noticeAmount(lastHour)
  const average = noticeAmount(trailing / rule.trailingHours)
  const floor = noticeAmount(rule.floorMicros)
  const title = `Usage spike: ${company.name} spent ${money(spent)} in the last hour`
  const detail = `${money(spent)} in the last hour against an hourly average of ${money(average)} over the ${rule.trailingHours} hours before (rule: more than ${rule.factor}× the average and at least ${money(floor)})`
  const message: NoticeMessage = {
    key: 'usage_spike',
    params: { exocorp: company.name, spent, average, hours: rule.trailingHours, factor: rule.factor, floor },
  }
  const [row] = await deps.db.write((tx) =>
    raiseNotice(tx, {
      kind: 'usage_threshold',
      severity: 'warning',
      companyId: company.id,
      dedupKey,
      title,
      detail,
      message,
      at,
    }),
  )
  return row ? { notificationId: String(row.id), occurrences: Number(row.occurrences) } : null
}
