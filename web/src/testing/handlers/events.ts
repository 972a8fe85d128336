import { ws } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import { EVENT_STREAM_CLOSE, ServerMessageSchema, type PlatformEvent, type ServerMessage } from '@exocorp/shared/events'
import type { CompanyStatus, Health } from '@exocorp/shared/companies'
import type { RunnerStatus } from '@exocorp/shared/workloads'
import { currentUser, db, type MockUser } from '../mock-db'
import { advance, jobView } from '../mock-fleet'
import { mockLogLines } from './logs'

// The live event stream `GET /api/events` in the mock (decision 039), so `pnpm dev:mock` and the web
// tests are live like the real BFF (decision 030) instead of polling. Events are derived from the
// mock's own state, never invented: while a socket is open, the mock's state is compared every
// SYNC_MS with what was last seen (after moving in-flight jobs on by the clock, as every read does),
// and each difference becomes the event the BFF's triggers would write. Every message is checked
// against the shared contract before it is sent; the same per-event authorisation applies (members
// read status and workloads, owners also runners, a user-scope event only its user); a reconnect
// with `lastEventId` replays what it missed, or says `resync` past the window.
// Also derived (decision 051): `log.line` (each line the mock's logs would newly list, owners),
// `notification.created` / `notification.read` (the user's), `audit.created` (a new audit row about
// an exocorp, owners), `billing.state` (the account owner's) and `admin_notification.changed`
// (a new notice, or a changed state or count; admins), and `store.snapshot` (a store's newer
// snapshot, members; decision 060).

const SYNC_MS = 250
const WINDOW = 1000
const HEARTBEAT_MS = 25_000

type Scope = { kind: 'members' | 'owners'; companyId: string } | { kind: 'user'; userId: string } | { kind: 'admins' }
type Stored = { event: PlatformEvent; scope: Scope }

interface Client {
  userId: string
  send(message: ServerMessage): void
  close(code: number, reason: string): void
}

interface Snapshot {
  companies: Map<string, { status: CompanyStatus; health: Health; job: string }>
  runners: Map<string, RunnerStatus>
  workloads: Map<string, string>
  /** Per exocorp, the log lines as `id|message`. */
  logs: Map<string, Set<string>>
  notifications: Map<string, string | null>
  audit: Set<string>
  billing: Map<string, (typeof db.billing.accounts)[number]['state']>
  adminNotifications: Map<string, string>
  /** Per exocorp and store, the sequence of the snapshot held. */
  stores: Map<string, number>
}

const state = {
  db: null as typeof db | null,
  seen: null as Snapshot | null,
  nextId: 1,
  log: [] as Stored[],
  clients: new Set<Client>(),
  timer: null as ReturnType<typeof setInterval> | null,
}

function snapshot(): Snapshot {
  const companies: Snapshot['companies'] = new Map()
  for (const c of db.fleet.companies) {
    advance(c, db.fleet)
    const job = jobView(c, db.fleet)
    companies.set(c.id, { status: c.status, health: c.health, job: job ? JSON.stringify(job.phases) : '' })
  }
  return {
    companies,
    runners: new Map(db.runners.map((r) => [r.id, r.status])),
    workloads: new Map(db.workloads.map((w) => [w.id, JSON.stringify(w)])),
    logs: new Map(db.fleet.companies.map((c) => [c.id, new Set(mockLogLines(c).map((l) => `${l.id}|${l.message}`))])),
    notifications: new Map(db.notifications.map((n) => [n.id, n.readAt])),
    audit: new Set(db.audit.map((a) => a.id)),
    billing: new Map(db.billing.accounts.map((a) => [a.id, a.state])),
    adminNotifications: new Map(db.ops.adminNotifications.map((n) => [n.id, `${n.state}|${n.occurrences}`])),
    stores: new Map(db.commerce.map((m) => [`${m.companyId}|${m.snapshot.store.id}`, m.snapshot.sequence])),
  }
}

function canSee(user: MockUser, scope: Scope): boolean {
  if (scope.kind === 'user') return scope.userId === user.id
  if (scope.kind === 'admins') return user.role !== 'user'
  const c = db.fleet.companies.find((x) => x.id === scope.companyId)
  if (!c) return false
  if (c.ownerId === user.id || user.role !== 'user') return true
  const member = db.teams.memberships.some((m) => m.companyId === c.id && m.userId === user.id)
  return member && scope.kind === 'members'
}

function deliver(client: Client, stored: Stored) {
  const user = db.users.find((u) => u.id === client.userId)
  if (user && canSee(user, stored.scope)) client.send(stored.event)
}

/** An event before the stream numbers it (distributed over the union, so each type keeps its fields). */
type NewEvent = PlatformEvent extends infer E ? (E extends PlatformEvent ? Omit<E, 'id' | 'at'> : never) : never

function publish(scope: Scope, event: NewEvent) {
  const full = ServerMessageSchema.parse({ at: new Date().toISOString(), ...event, id: state.nextId++ })
  if (full.type === 'hello' || full.type === 'heartbeat' || full.type === 'resync') return
  const stored = { event: full, scope }
  state.log.push(stored)
  if (state.log.length > WINDOW) state.log.shift()
  for (const client of state.clients) deliver(client, stored)
}

/** Compares the mock's state with what was last seen and publishes each difference as an event. */
export function syncMockEvents() {
  if (state.db !== db) {
    // A fresh mock database (a test's reset): a new baseline, and old sockets belong to old users.
    state.db = db
    state.seen = snapshot()
    return
  }
  const before = state.seen ?? snapshot()
  const now = snapshot()
  state.seen = now
  for (const c of db.fleet.companies) {
    const was = before.companies.get(c.id)
    const is = now.companies.get(c.id)!
    if (!was) {
      publish(
        { kind: 'members', companyId: c.id },
        { type: 'company.created', companyId: c.id, data: { status: c.status, health: c.health } },
      )
      continue
    }
    const job = jobView(c, db.fleet) ?? c.lastJob ?? null
    if (job && is.job !== was.job) {
      publish(
        { kind: 'members', companyId: c.id },
        {
          type: 'job.progress',
          companyId: c.id,
          data: {
            jobId: job.id,
            action: job.action,
            status: job.status,
            phases: job.phases,
          },
        },
      )
    }
    if (is.status !== was.status || is.health !== was.health) {
      publish(
        { kind: 'members', companyId: c.id },
        {
          type: 'company.status',
          companyId: c.id,
          data: {
            status: c.status,
            health: c.health,
            previousStatus: was.status,
            previousHealth: was.health,
          },
        },
      )
    }
  }
  for (const r of db.runners) {
    const was = before.runners.get(r.id)
    if (was === r.status) continue
    publish(
      { kind: 'owners', companyId: r.companyId },
      {
        type: 'runner.status',
        companyId: r.companyId,
        data: { runnerId: r.id, name: r.name, status: r.status, previousStatus: was ?? null },
      },
    )
  }
  for (const w of db.workloads) {
    if (before.workloads.get(w.id) === now.workloads.get(w.id)) continue
    const { companyId, id, ...rest } = w
    publish({ kind: 'members', companyId }, { type: 'workload.status', companyId, data: { ...rest, workloadId: id } })
  }
  for (const c of db.fleet.companies) {
    const was = before.logs.get(c.id) ?? new Set<string>()
    for (const line of mockLogLines(c)) {
      if (was.has(`${line.id}|${line.message}`)) continue
      const { id, at: _at, ...rest } = line
      publish({ kind: 'owners', companyId: c.id }, { type: 'log.line', companyId: c.id, data: { ...rest, lineId: id } })
    }
  }
  for (const n of db.notifications) {
    const was = before.notifications.get(n.id)
    if (was === undefined) {
      publish(
        { kind: 'user', userId: n.userId },
        { type: 'notification.created', data: { notificationId: n.id, kind: n.kind, companyId: n.companyId, title: n.title } },
      )
    }
    if (!was && n.readAt)
      publish({ kind: 'user', userId: n.userId }, { type: 'notification.read', data: { notificationId: n.id } })
  }
  for (const a of db.audit) {
    if (before.audit.has(a.id) || a.target.type !== 'company' || !a.target.id) continue
    publish(
      { kind: 'owners', companyId: a.target.id },
      { type: 'audit.created', companyId: a.target.id, data: { auditId: a.id, action: a.action, outcome: a.outcome } },
    )
  }
  for (const a of db.billing.accounts) {
    const was = before.billing.get(a.id)
    if (was === undefined || was === a.state) continue
    publish({ kind: 'user', userId: a.owner.id }, { type: 'billing.state', data: { state: a.state, previousState: was } })
  }
  for (const n of db.ops.adminNotifications) {
    if (before.adminNotifications.get(n.id) === `${n.state}|${n.occurrences}`) continue
    publish(
      { kind: 'admins' },
      {
        type: 'admin_notification.changed',
        data: {
          notificationId: n.id,
          kind: n.kind,
          severity: n.severity,
          state: n.state,
          occurrences: n.occurrences,
          companyId: n.companyId,
          title: n.title,
        },
      },
    )
  }
  for (const m of db.commerce) {
    const s = m.snapshot
    if (before.stores.get(`${m.companyId}|${s.store.id}`) === s.sequence) continue
    const { id: storeId, name: storeName } = s.store
    publish(
      { kind: 'members', companyId: m.companyId },
      {
        type: 'store.snapshot',
        companyId: m.companyId,
        data: {
          storeId,
          storeName,
          sequence: s.sequence,
          currency: s.currency,
          productCount: s.productCount,
          orderCount: s.orderCount,
          revenueMinor: s.revenueMinor,
          lastOrderAt: s.lastOrderAt,
        },
      },
    )
  }
  // A socket outlives its session in the mock only until the next sync, like the BFF's re-check.
  for (const client of state.clients) {
    if (currentUser()?.id !== client.userId) client.close(EVENT_STREAM_CLOSE.sessionEnded, 'session ended')
  }
}

function ensureTicking() {
  if (state.timer || state.clients.size === 0) return
  state.timer = setInterval(() => {
    if (state.clients.size === 0) {
      clearInterval(state.timer!)
      state.timer = null
      return
    }
    syncMockEvents()
  }, SYNC_MS)
}

const stream = ws.link(new RegExp(`^wss?://[^/]+${API.events.stream.path}(\\?.*)?$`))

export const eventHandlers = [
  stream.addEventListener('connection', ({ client }) => {
    syncMockEvents()
    const user = currentUser()
    if (!user) {
      client.close(EVENT_STREAM_CLOSE.sessionEnded, 'sign in')
      return
    }
    const me: Client = {
      userId: user.id,
      send: (message) => client.send(JSON.stringify(ServerMessageSchema.parse(message))),
      close: (code, reason) => {
        state.clients.delete(me)
        client.close(code, reason)
      },
    }
    const lastEventId = state.nextId - 1
    const cursor = new URL(client.url).searchParams.get('lastEventId')
    if (cursor !== null) {
      const from = Number(cursor)
      const oldest = state.log[0]?.event.id ?? state.nextId
      if (!Number.isInteger(from) || from > lastEventId) {
        me.send({ type: 'resync', lastEventId, reason: 'unknown_cursor' })
      } else if (from < oldest - 1) {
        me.send({ type: 'resync', lastEventId, reason: 'window_exceeded' })
      } else {
        for (const stored of state.log) if (stored.event.id > from) deliver(me, stored)
      }
    }
    me.send({ type: 'hello', lastEventId, heartbeatMs: HEARTBEAT_MS })
    state.clients.add(me)
    client.addEventListener('close', () => state.clients.delete(me))
    ensureTicking()
  }),
]
