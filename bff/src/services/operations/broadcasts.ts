import { and, desc, eq, gt, inArray, isNull, lte, ne } from 'drizzle-orm'
import {
  broadcastStateAt,
  type ActiveBroadcastList,
  type Broadcast,
  type BroadcastList,
  type BroadcastSegment,
  type CreateBroadcastInput,
} from '@exocorp/shared/platform-ops'
import { within, type Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { memberships } from '../../db/schema/companies'
import { notifications } from '../../db/schema/notifications'
import { broadcasts, newsletterSubscriptions } from '../../db/schema/operations'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'

// Broadcasts (issue 19 item 3, decision 043): a message to all users or a segment, shown as a
// banner while live (startsAt ≤ now < endsAt, not cancelled) and delivered once as a notification
// when it first goes live — on creation when it starts now, else by the delivery sweep that every
// instance runs (claiming a broadcast is one conditional UPDATE, so exactly one instance delivers).

type Row = typeof broadcasts.$inferSelect

function toBroadcast(row: Row, now: Date): Broadcast {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    segment: row.segment,
    severity: row.severity,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    state: broadcastStateAt(row, now),
    createdAt: row.createdAt,
    recipients: row.recipients,
  }
}

export async function createBroadcast(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: { id: string },
  input: CreateBroadcastInput,
): Promise<Broadcast> {
  const now = deps.clock.now()
  const startsAt = input.startsAt ? new Date(input.startsAt) : now
  const endsAt = new Date(input.endsAt)
  if (endsAt.getTime() <= now.getTime()) {
    throw AppError.rule('endsAt', 'The end is in the past', 'broadcast_end_past', {
      message: 'This broadcast would never be shown',
    })
  }
  const row: Row = {
    id: newId(),
    title: input.title,
    body: input.body,
    segment: input.segment,
    severity: input.severity,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    createdByUserId: actor.id,
    createdAt: now.toISOString(),
    cancelledAt: null,
    deliveredAt: null,
    recipients: null,
  }
  await deps.db.write(async (tx) => {
    await tx.insert(broadcasts).values(row)
  })
  await deliverDueBroadcasts(deps)
  return getBroadcast(deps, row.id)
}

export async function getBroadcast(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<Broadcast> {
  const [row] = await deps.db.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1)
  if (!row) throw AppError.notFound('Broadcast')
  return toBroadcast(row, deps.clock.now())
}

export async function listBroadcasts(deps: Pick<Deps, 'db' | 'clock'>): Promise<BroadcastList> {
  const rows = await deps.db.select().from(broadcasts).orderBy(desc(broadcasts.createdAt), desc(broadcasts.id)).limit(100)
  const now = deps.clock.now()
  return { items: rows.map((r) => toBroadcast(r, now)) }
}

/** Ends a scheduled or live broadcast now: its banner goes; notifications already sent stay. */
export async function cancelBroadcast(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<Broadcast> {
  const now = deps.clock.now()
  return deps.db.write(async (tx) => {
    const [row] = await tx.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1)
    if (!row) throw AppError.notFound('Broadcast')
    const state = broadcastStateAt(row, now)
    if (state === 'ended' || state === 'cancelled') {
      throw AppError.conflict('broadcast_over', `This broadcast is already ${state}`)
    }
    await tx.update(broadcasts).set({ cancelledAt: now.toISOString() }).where(eq(broadcasts.id, id))
    return toBroadcast({ ...row, cancelledAt: now.toISOString() }, now)
  })
}

/** User ids in a segment (enabled accounts only). */
async function recipientsOf(deps: Pick<Deps, 'db'>, segment: BroadcastSegment): Promise<string[]> {
  const enabled = isNull(users.disabledAt)
  const where =
    segment === 'all'
      ? enabled
      : segment === 'admins'
        ? and(enabled, ne(users.role, 'user'))
        : segment === 'owners'
          ? and(
              enabled,
              inArray(
                users.id,
                deps.db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.role, 'owner')),
              ),
            )
          : and(enabled, inArray(users.id, deps.db.select({ id: newsletterSubscriptions.userId }).from(newsletterSubscriptions)))
  return (await deps.db.select({ id: users.id }).from(users).where(where)).map((r) => r.id)
}

const INSERT_SLICE = 500

/**
 * Writes the notifications of every broadcast that is live and not yet delivered. Safe on every
 * instance at once: a broadcast is claimed by setting `delivered_at` where it is still null.
 */
export async function deliverDueBroadcasts(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now().toISOString()
  const due = await deps.db
    .select()
    .from(broadcasts)
    .where(
      and(
        isNull(broadcasts.deliveredAt),
        isNull(broadcasts.cancelledAt),
        lte(broadcasts.startsAt, now),
        gt(broadcasts.endsAt, now),
      ),
    )
  let delivered = 0
  for (const b of due) {
    await deps.db.write(async (tx) => {
      const claimed = await tx
        .update(broadcasts)
        .set({ deliveredAt: now })
        .where(and(eq(broadcasts.id, b.id), isNull(broadcasts.deliveredAt)))
        .returning({ id: broadcasts.id })
      if (claimed.length === 0) return
      const ids = await recipientsOf(within(deps, tx), b.segment)
      for (let i = 0; i < ids.length; i += INSERT_SLICE) {
        await tx.insert(notifications).values(
          ids.slice(i, i + INSERT_SLICE).map((userId) => ({
            userId,
            kind: 'broadcast' as const,
            companyId: null,
            title: b.title,
            createdAt: now,
          })),
        )
      }
      await tx.update(broadcasts).set({ recipients: ids.length }).where(eq(broadcasts.id, b.id))
      delivered++
    })
  }
  return delivered
}

/** The live broadcasts a user is in the segment of: the console shows them as banners. */
export async function activeBroadcastsFor(
  deps: Pick<Deps, 'db' | 'clock'>,
  user: { id: string; role: string },
): Promise<ActiveBroadcastList> {
  const now = deps.clock.now().toISOString()
  const live = await deps.db
    .select()
    .from(broadcasts)
    .where(and(isNull(broadcasts.cancelledAt), lte(broadcasts.startsAt, now), gt(broadcasts.endsAt, now)))
    .orderBy(desc(broadcasts.startsAt))
    .limit(20)
  if (live.length === 0) return { items: [] }
  const segments = new Set(live.map((b) => b.segment))
  const isOwner =
    segments.has('owners') &&
    (
      await deps.db
        .select({ id: memberships.companyId })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), eq(memberships.role, 'owner')))
        .limit(1)
    ).length > 0
  const subscribed =
    segments.has('newsletter') &&
    (
      await deps.db
        .select({ id: newsletterSubscriptions.userId })
        .from(newsletterSubscriptions)
        .where(eq(newsletterSubscriptions.userId, user.id))
    ).length > 0
  const inSegment = (s: BroadcastSegment) =>
    s === 'all' || (s === 'admins' && user.role !== 'user') || (s === 'owners' && isOwner) || (s === 'newsletter' && subscribed)
  return {
    items: live
      .filter((b) => inSegment(b.segment))
      .map((b) => ({ id: b.id, title: b.title, body: b.body, severity: b.severity, endsAt: b.endsAt })),
  }
}

export function startBroadcastDelivery(deps: Pick<Deps, 'db' | 'clock' | 'log'>, everyMs = 5_000): () => void {
  const timer = setInterval(() => {
    void deliverDueBroadcasts(deps).catch((err: unknown) =>
      deps.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'broadcast delivery failed'),
    )
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
