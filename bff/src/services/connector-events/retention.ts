import { lt } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { connectorEvents } from '../../db/schema/connector-events'

/** How long an inbound delivery is kept (decision 047): replay and the health views look back less. */
export const CONNECTOR_EVENT_RETENTION_DAYS = 30

/**
 * Retention: deletes deliveries received more than `days` ago (the (received_at, id) index finds
 * them). Run by the billing evaluator's lease-held pass, like the admin notices' retention, so one
 * instance does it. Returns how many went.
 */
export async function pruneConnectorEvents(
  deps: Pick<Deps, 'db' | 'clock'>,
  days = CONNECTOR_EVENT_RETENTION_DAYS,
): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString()
  const gone = await deps.db.write((tx) =>
    tx.delete(connectorEvents).where(lt(connectorEvents.receivedAt, cutoff)).returning({ id: connectorEvents.id }),
  )
  return gone.length
}
