import { and, eq, sql } from 'drizzle-orm'
import type { ConnectorCause } from '@exocorp/shared/admin-notice-messages'
import { CONNECTOR_RETRY_MAX_ATTEMPTS, CONNECTOR_RETRY_WINDOW_MS, connectorRetryDelayMs } from '@exocorp/shared/connector-events'
import type { Deps } from '../../deps'
import { claimDueRows } from '../../db/claim'
import { connectorEvents } from '../../db/schema/connector-events'
import { companies } from '../../db/schema/companies'
import { addAdminNotification, type NoticeMessage } from '../admin-notifications'
import { causeColumns, clip, handleAgain, handlerFailure, statusForHttp, type EventMeta, type Outcome } from './index'

/*
 * The platform retries `retrying` connector events itself (decision 056). A delivery answered 5xx
 * (runtime paused or unreachable, no active price book) is `retrying` with a `next_attempt_at`; the
 * delivery worker's round (services/webhooks/dispatch.ts runs it beside the outgoing webhooks, every
 * instance, every second) claims due rows — `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL and a
 * `claimed_until` lease, exactly as outgoing deliveries are claimed — and runs each through the
 * handler replay uses (idempotent on the event's own id, so nothing is booked twice, whoever else
 * replays it). A failure waits 30 s doubling to 2 h with equal jitter; after
 * CONNECTOR_RETRY_MAX_ATTEMPTS attempts or CONNECTOR_RETRY_WINDOW_MS after it arrived it becomes
 * `failed` with the reason, and admins get a `connector_event` notice (repeats counted on it).
 */

type Row = typeof connectorEvents.$inferSelect

/** How long a claimed event is held by its retrier before another instance may take it over. */
const CLAIM_MS = 60_000

/** Claims up to `limit` due `retrying` events for this instance. */
export function claimDueConnectorEvents(deps: Pick<Deps, 'db' | 'clock'>, limit = 10): Promise<Row[]> {
  // Retries are no polled view's business until they settle (the admin screen reads on open).
  return claimDueRows(deps.db, connectorEvents, {
    where: eq(connectorEvents.status, 'retrying'),
    now: deps.clock.now(),
    leaseMs: CLAIM_MS,
    limit,
  })
}

export type RetryOutcome = 'delivered' | 'duplicate' | 'retrying' | 'failed' | 'skipped'

/** Retries one claimed event and records what follows: delivered, the next attempt, or given up. */
export async function retryConnectorEvent(deps: Deps, row: Row, random: () => number = Math.random): Promise<RetryOutcome> {
  const started = performance.now()
  let result: Outcome
  let meta: EventMeta = {}
  try {
    meta = JSON.parse(row.meta) as EventMeta
  } catch {
    // Nothing the handler needs besides the body.
  }
  if (row.payload === null) {
    result = {
      outcome: 'failed',
      reason: 'Not kept (never authenticated), so it cannot be retried',
      httpStatus: 400,
      cause: { cause: 'not_kept' },
    }
  } else if (row.source === 'runtime' && row.connector === 'runtime.usage' && !row.eventId && !meta.idempotencyKey) {
    // Without an id of its own the report cannot be told from the runtime's own re-send: never retried here.
    result = {
      outcome: 'failed',
      reason: 'No event id: the runtime re-sends it itself',
      httpStatus: 400,
      cause: { cause: 'no_event_id' },
    }
  } else {
    try {
      result = await handleAgain(deps, row, meta)
    } catch (err) {
      result = handlerFailure(err)
    }
  }
  const now = deps.clock.now()
  const at = now.toISOString()
  const attempts = row.attempts + 1
  const ok = result.outcome !== 'failed'
  let outcome: RetryOutcome = ok ? result.outcome : 'retrying'
  let reason = result.reason
  let next: string | null = null
  // Why it failed for good, for the admin notice: refused outright (4xx) or given up on after retries.
  let failure: GaveUp | null = null
  if (result.outcome === 'failed') {
    const nextAt = new Date(now.getTime() + connectorRetryDelayMs(attempts, random()))
    const deadline = new Date(row.receivedAt).getTime() + CONNECTOR_RETRY_WINDOW_MS
    if (statusForHttp(result.httpStatus) === 'failed') {
      outcome = 'failed'
      failure = { retried: false, cause: result.cause }
    } else if (attempts >= CONNECTOR_RETRY_MAX_ATTEMPTS || nextAt.getTime() > deadline) {
      outcome = 'failed'
      reason = `Gave up after ${attempts} attempts: ${result.reason}`
      failure = { retried: true, cause: result.cause }
    } else next = nextAt.toISOString()
  }
  const updated = await deps.db.write(
    (tx) =>
      tx
        .update(connectorEvents)
        .set({
          attempts: sql`${connectorEvents.attempts} + 1`,
          lastAttemptAt: at,
          latencyMs: Math.round(performance.now() - started),
          claimedUntil: null,
          nextAttemptAt: next,
          status: ok ? 'delivered' : outcome === 'failed' ? 'failed' : 'retrying',
          reason: clip(reason),
          // The cause beside the English, worded per language on /admin/connector-events (decision 063).
          ...causeColumns(
            result.outcome === 'failed' ? result.cause : null,
            failure?.retried ? { gaveUpAfter: attempts } : undefined,
          ),
          ...(ok ? { deliveredAt: at } : {}),
        })
        // Only while it is still ours to settle: a replay that delivered it meanwhile stands.
        .where(and(eq(connectorEvents.id, row.id), eq(connectorEvents.status, 'retrying')))
        .returning({ id: connectorEvents.id }),
    { visible: outcome === 'failed' || ok },
  )
  if (updated.length === 0) return 'skipped'
  if (failure) await noticeGaveUp(deps, row, attempts, reason ?? 'failed', failure)
  return outcome
}

/** A delivery failed for good: retried until the attempts or the window ran out, or refused outright. */
type GaveUp = { retried: boolean; cause: ConnectorCause }

async function noticeGaveUp(deps: Deps, row: Row, attempts: number, reason: string, failure: GaveUp) {
  const [company] = row.companyId
    ? await deps.db.select({ name: companies.name }).from(companies).where(eq(companies.id, row.companyId)).limit(1)
    : []
  const where = company ? ` to ${company.name}` : ''
  await addAdminNotification(deps, {
    kind: 'connector_event',
    title: `A ${row.connector} delivery${where} failed after ${attempts} attempts`,
    body: `Event ${row.eventId ?? row.id} (received ${row.receivedAt}): ${reason}. Replay it from Connector events once the cause is fixed.`,
    // One open notice per exocorp and connector; each further give-up counts on it.
    sourceKey: `${row.companyId ?? row.source}:${row.connector}`,
    companyId: row.companyId,
    message: gaveUpMessage(row, attempts, company?.name ?? null, failure),
  })
}

/**
 * The give-up's key and facts (decision 063): a variant per exocorp or none, and per retried or
 * refused; the reason as its cause's code and facts, so each language words it (the English stays
 * in the detail as stored on the event).
 */
function gaveUpMessage(row: Row, attempts: number, exocorp: string | null, failure: GaveUp): NoticeMessage {
  const facts = { connector: row.connector, attempts, event: row.eventId ?? row.id, receivedAt: row.receivedAt, ...failure.cause }
  if (exocorp !== null) {
    return failure.retried
      ? { key: 'connector_gave_up', params: { ...facts, exocorp } }
      : { key: 'connector_refused', params: { ...facts, exocorp } }
  }
  return failure.retried
    ? { key: 'connector_gave_up_unowned', params: facts }
    : { key: 'connector_refused_unowned', params: facts }
}

/** One round: claim what is due, a batch at a time, and retry each (one by one: a workload's reports keep their order). */
export async function runConnectorRetryRound(
  deps: Deps,
  options: { random?: () => number; maxBatches?: number } = {},
): Promise<{ retried: number; outcomes: RetryOutcome[] }> {
  const outcomes: RetryOutcome[] = []
  for (let i = 0; i < (options.maxBatches ?? 5); i++) {
    const batch = await claimDueConnectorEvents(deps)
    if (batch.length === 0) break
    for (const row of batch) {
      outcomes.push(
        await retryConnectorEvent(deps, row, options.random).catch((err: unknown) => {
          deps.log.warn({ err: { message: String(err) }, connectorEventId: row.id }, 'connector event retry failed to run')
          return 'skipped' as const
        }),
      )
    }
  }
  return { retried: outcomes.length, outcomes }
}
