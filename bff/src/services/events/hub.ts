import { and, asc, gt, inArray, lt, lte, sql } from 'drizzle-orm'
import type { PlatformRole } from '@exocorp/shared/auth'
import type { Deps } from '../../deps'
import { EVENTS_CHANNEL } from '../../db/client'
import { execute } from '../../db/portable'
import { memberships } from '../../db/schema/companies'
import { platformEvents } from '../../db/schema/events'

// The live event stream's engine (decision 030). The database writes events itself (triggers,
// migration 0010): this hub reads them in id order and hands each one, serialised once, to the
// sockets allowed to see it. The same reader runs on every instance; PostgreSQL's NOTIFY (or, on
// SQLite, the commit of a write) wakes it, and a slow poll covers a lost notification. On
// PostgreSQL the NOTIFY carries the event itself when it fits (decision 039, pg/0022): the next
// event in id order is then taken from what was pushed instead of read back from the table.

export type EventRow = typeof platformEvents.$inferSelect

/** Who is listening on one socket, as far as authorisation needs to know. */
export interface Viewer {
  userId: string
  role: PlatformRole
  /** An agent limited to chosen exocorps sees events about those only; null or absent: no limit. */
  companies?: ReadonlySet<string> | null
}

export interface Subscriber {
  readonly viewer: Viewer
  /** Called with each event this viewer may see, in id order, already serialised. */
  deliver(id: number, message: string): void
}

export type ReplayResult =
  | { kind: 'events'; events: Array<{ id: number; message: string }> }
  | { kind: 'resync'; reason: 'window_exceeded' | 'unknown_cursor' }

export interface EventHubOptions {
  /** How many events a reconnecting client may have missed and still get them all (else resync). */
  replayWindow?: number
  /** Rows kept in the table; older ones are pruned (≥ replayWindow). */
  retain?: number
  /** Safety-net poll when no wake-up comes (a lost NOTIFY, a write by another process on SQLite). */
  pollMs?: number
  /** How long a hole in the ids (a transaction that took an id and has not committed yet) is waited for. */
  gapGraceMs?: number
  pruneEveryMs?: number
  /**
   * Use the events PostgreSQL pushes in the NOTIFY (decision 039; default true). False reads every
   * event back from the table as decision 030 did: the benchmark measures both side by side.
   */
  usePushed?: boolean
}

export interface EventHub {
  start(): Promise<void>
  stop(): Promise<void>
  /** The last id handed to subscribers: a new socket resumes after it. */
  cursor(): number
  subscribe(sub: Subscriber): () => void
  subscribers(): ReadonlySet<Subscriber>
  /** Events after `afterId` up to `upTo` that `viewer` may see, or a resync when they cannot all be replayed. */
  replay(afterId: number, upTo: number, viewer: Viewer): Promise<ReplayResult>
  /** Reads new rows now (tests and the wake-up path). */
  pump(): Promise<void>
}

const BATCH = 500
/** Pushed events held while they wait for their turn (an earlier id not yet committed); beyond it, read. */
const MAX_PUSHED = 5000

const SCOPES = new Set<EventRow['scope']>(['members', 'owners', 'user', 'admins'])

/**
 * A NOTIFY payload of pg/0022: `<schema> <id> <meta JSON>\n<data>`, or null when it carries no
 * event (an older `<schema> <id>` wake-up, another schema's event, anything unexpected).
 */
export function parsePushedEvent(payload: string, schema: string | null): EventRow | null {
  if (schema === null || !payload.startsWith(`${schema} `)) return null
  const rest = payload.slice(schema.length + 1)
  const space = rest.indexOf(' ')
  const newline = rest.indexOf('\n')
  if (space < 0 || newline < space) return null
  const id = Number(rest.slice(0, space))
  if (!Number.isSafeInteger(id) || id <= 0) return null
  let meta: unknown
  try {
    meta = JSON.parse(rest.slice(space + 1, newline))
  } catch {
    return null
  }
  if (typeof meta !== 'object' || meta === null) return null
  const m = meta as Record<string, unknown>
  const text = (v: unknown) => (typeof v === 'string' ? v : null)
  const scope = m.scope as EventRow['scope']
  if (typeof m.at !== 'string' || typeof m.type !== 'string' || !SCOPES.has(scope)) return null
  return {
    id,
    at: m.at,
    type: m.type,
    companyId: text(m.companyId),
    userId: text(m.userId),
    scope,
    data: rest.slice(newline + 1),
  }
}

const isAdmin = (v: Viewer) => v.role === 'admin' || v.role === 'platform_owner'

type Audience = Map<string, Map<string, 'owner' | 'member'>>

/** Who belongs to each exocorp the rows mention: one query per batch, whatever the number of sockets. */
async function audienceOf(deps: Pick<Deps, 'db'>, rows: readonly EventRow[]): Promise<Audience> {
  const ids = [...new Set(rows.map((r) => r.companyId).filter((id): id is string => id !== null))]
  const audience: Audience = new Map(ids.map((id) => [id, new Map()]))
  if (ids.length === 0) return audience
  const found = await deps.db
    .select({ companyId: memberships.companyId, userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(inArray(memberships.companyId, ids))
  for (const m of found) audience.get(m.companyId)?.set(m.userId, m.role)
  return audience
}

/** The one authorisation rule of the stream: members read, owners also see owner-scope events. */
export function mayView(row: EventRow, viewer: Viewer, audience: Audience): boolean {
  if (viewer.companies && (row.companyId === null || !viewer.companies.has(row.companyId))) return false
  switch (row.scope) {
    case 'user':
      return row.userId === viewer.userId
    case 'admins':
      return isAdmin(viewer)
    case 'members':
    case 'owners': {
      if (row.companyId === null) return false
      if (isAdmin(viewer)) return true
      const role = audience.get(row.companyId)?.get(viewer.userId)
      return row.scope === 'members' ? role !== undefined : role === 'owner'
    }
  }
}

/** The wire form: the contract's PlatformEvent (shared/src/events.ts). */
export function serialise(row: EventRow): string {
  const data = row.data.startsWith('{') ? row.data : '{}'
  const company = row.companyId === null ? '' : `,"companyId":${JSON.stringify(row.companyId)}`
  return `{"id":${row.id},"at":${JSON.stringify(row.at)},"type":${JSON.stringify(row.type)}${company},"data":${data}}`
}

export function createEventHub(deps: Pick<Deps, 'db' | 'log'>, options: EventHubOptions = {}): EventHub {
  const replayWindow = options.replayWindow ?? 1000
  const retain = Math.max(options.retain ?? 10_000, replayWindow)
  const pollMs = options.pollMs ?? 1000
  const gapGraceMs = options.gapGraceMs ?? 2000
  const pruneEveryMs = options.pruneEveryMs ?? 60_000
  const usePushed = options.usePushed ?? true
  const subs = new Set<Subscriber>()
  let cursor = 0
  let gapSince: number | null = null
  let running: Promise<void> | null = null
  let again = false
  let stopped = true
  let unlisten: (() => Promise<void>) | null = null
  let pollTimer: NodeJS.Timeout | null = null
  let pruneTimer: NodeJS.Timeout | null = null
  let gapTimer: NodeJS.Timeout | null = null
  /** This instance's PostgreSQL schema (NOTIFY is database-wide); null on SQLite: nothing is pushed. */
  let schema: string | null = null
  const pushed = new Map<number, EventRow>()

  function accept(payload: string) {
    const row = parsePushedEvent(payload, schema)
    if (!row || row.id <= cursor) return
    if (pushed.size >= MAX_PUSHED) pushed.clear()
    pushed.set(row.id, row)
  }

  /** The events pushed for the next ids in order, without a read; empty when the next one was not pushed. */
  function takePushed(): EventRow[] {
    const rows: EventRow[] = []
    for (let next = pushed.get(cursor + 1); next && rows.length < BATCH; next = pushed.get(cursor + 1)) {
      pushed.delete(next.id)
      rows.push(next)
      cursor = next.id
    }
    if (rows.length > 0) gapSince = null
    return rows
  }

  async function readBatch(): Promise<boolean> {
    const fromPush = takePushed()
    if (fromPush.length > 0) {
      await dispatch(fromPush)
      // No read to look for more: every committed event sends a NOTIFY, which wakes us again.
      return pushed.has(cursor + 1)
    }
    const rows = await deps.db
      .select()
      .from(platformEvents)
      .where(gt(platformEvents.id, cursor))
      .orderBy(asc(platformEvents.id))
      .limit(BATCH)
    const ready: EventRow[] = []
    let more = rows.length === BATCH
    for (const row of rows) {
      if (row.id !== cursor + 1) {
        // A hole: an id taken by a transaction that has not committed yet (PostgreSQL hands
        // sequence ids out before commit), or one that rolled back. Deliver what came before it,
        // then wait a little for the hole to fill, never for long: a rollback never fills it.
        if (ready.length > 0) {
          more = true
          break
        }
        const now = Date.now()
        gapSince ??= now
        if (now - gapSince < gapGraceMs) {
          gapTimer ??= setTimeout(() => {
            gapTimer = null
            wake()
          }, 25)
          more = false
          break
        }
        deps.log.warn({ from: cursor + 1, to: row.id - 1 }, 'event ids skipped after waiting for them')
      }
      gapSince = null
      ready.push(row)
      cursor = row.id
    }
    for (const id of pushed.keys()) if (id <= cursor) pushed.delete(id)
    if (ready.length > 0) await dispatch(ready)
    return more && ready.length > 0
  }

  async function dispatch(rows: EventRow[]) {
    if (subs.size === 0) return
    const needsAudience = [...subs].some((s) => !isAdmin(s.viewer))
    const audience = needsAudience ? await audienceOf(deps, rows) : new Map()
    for (const row of rows) {
      const message = serialise(row)
      for (const sub of subs) {
        if (mayView(row, sub.viewer, audience)) sub.deliver(row.id, message)
      }
    }
  }

  function wake() {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      try {
        do {
          again = false
          while (await readBatch()) {
            /* more than one batch waiting */
          }
        } while (again)
      } catch (err) {
        deps.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'event stream read failed')
      } finally {
        running = null
      }
    })()
  }

  async function prune() {
    const below = cursor - retain
    if (below <= 0) return
    await deps.db.write(async (tx) => {
      await tx.delete(platformEvents).where(lt(platformEvents.id, below))
    })
  }

  return {
    async start() {
      stopped = false
      const [top] = await deps.db.select({ max: sql<number | null>`max(${platformEvents.id})` }).from(platformEvents)
      cursor = Number(top?.max ?? 0)
      if (deps.db.sqlDialect === 'postgres' && usePushed) {
        const [row] = await execute<{ schema: string }>(deps.db, sql`SELECT current_schema() AS schema`)
        schema = row?.schema ?? null
      }
      unlisten = await deps.db
        // A pushed event is used in id order; anything else in a payload is only a wake-up.
        .listen(EVENTS_CHANNEL, (payload) => {
          if (payload) accept(payload)
          wake()
        })
        .catch((err: unknown) => {
          deps.log.warn({ err: { message: String(err) } }, 'cannot listen for events; polling only')
          return null
        })
      pollTimer = setInterval(wake, pollMs)
      pollTimer.unref()
      pruneTimer = setInterval(() => void prune().catch(() => undefined), pruneEveryMs)
      pruneTimer.unref()
    },
    async stop() {
      stopped = true
      if (pollTimer) clearInterval(pollTimer)
      if (pruneTimer) clearInterval(pruneTimer)
      if (gapTimer) clearTimeout(gapTimer)
      await unlisten?.()
      unlisten = null
      await running
    },
    cursor: () => cursor,
    subscribe(sub) {
      subs.add(sub)
      return () => void subs.delete(sub)
    },
    subscribers: () => subs,
    async replay(afterId, upTo, viewer) {
      if (afterId > upTo) return { kind: 'resync', reason: 'unknown_cursor' }
      if (afterId === upTo) return { kind: 'events', events: [] }
      // Everything after `afterId` is still kept unless rows past it were pruned.
      const [oldest] = await deps.db.select({ min: sql<number | null>`min(${platformEvents.id})` }).from(platformEvents)
      const min = Number(oldest?.min ?? upTo + 1)
      if (afterId + 1 < min) return { kind: 'resync', reason: 'window_exceeded' }
      const rows = await deps.db
        .select()
        .from(platformEvents)
        .where(and(gt(platformEvents.id, afterId), lte(platformEvents.id, upTo)))
        .orderBy(asc(platformEvents.id))
        .limit(replayWindow + 1)
      if (rows.length > replayWindow) return { kind: 'resync', reason: 'window_exceeded' }
      const audience = isAdmin(viewer) ? new Map() : await audienceOf(deps, rows)
      return {
        kind: 'events',
        events: rows.filter((r) => mayView(r, viewer, audience)).map((r) => ({ id: r.id, message: serialise(r) })),
      }
    },
    async pump() {
      wake()
      while (running) await running
    },
  }
}
