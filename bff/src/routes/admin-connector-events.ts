import { Hono } from 'hono'
import {
  ConnectorEventQuerySchema,
  ConnectorHealthQuerySchema,
  ReplayConnectorEventsInputSchema,
} from '@exocorp/shared/connector-events'
import { attempt } from '../http/attempt'
import type { AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { connectorHealth, listConnectorEvents, replayConnectorEvents } from '../services/connector-events'

/**
 * Mounted at /api/admin/connector-events (decision 047): admins read every inbound delivery
 * (filtered, cursor-paged) and each connector's health and verification posture; platform owners
 * replay one event, chosen ones or a filtered set after a fresh step-up, audited either way.
 */
export const adminConnectorEventRoutes = new Hono<AppEnv>()
  .get('/', guard.admin, validate('query', ConnectorEventQuerySchema), async (c) =>
    c.json(await listConnectorEvents(c.get('deps'), c.req.valid('query')), 200),
  )
  .get('/health', guard.admin, validate('query', ConnectorHealthQuerySchema), async (c) =>
    c.json(await connectorHealth(c.get('deps'), c.req.valid('query').days ?? 7), 200),
  )
  .post(
    '/replay',
    guard.platformOwner,
    validate('json', ReplayConnectorEventsInputSchema, () => ({
      action: 'connector_event.replayed',
      target: { type: 'connector_event', id: null },
      failSummary: 'Connector event replay refused: malformed request',
    })),
    async (c) => {
      const input = c.req.valid('json')
      const what = input.ids ? `${input.ids.length} chosen event(s)` : `up to ${input.limit ?? 100} filtered event(s)`
      const result = await attempt(
        c,
        {
          action: 'connector_event.replayed',
          target: { type: 'connector_event', id: input.ids?.length === 1 ? input.ids[0]! : null },
          failSummary: `Replay of ${what} refused`,
          details: { reason: input.reason, ...(input.filter ? { filter: input.filter } : { count: input.ids?.length }) },
        },
        () => replayConnectorEvents(c.get('deps'), input),
        (r) => {
          const tally = { delivered: 0, duplicate: 0, failed: 0, skipped: 0 }
          for (const x of r.results) tally[x.outcome]++
          return {
            summary: `Replayed ${r.replayed} connector event(s): ${tally.delivered} delivered, ${tally.duplicate} already handled, ${tally.failed} failed, ${tally.skipped} skipped — ${input.reason}`,
            details: { ...tally, ids: r.results.slice(0, 50).map((x) => x.id) },
          }
        },
      )
      return c.json(result, 200)
    },
  )
