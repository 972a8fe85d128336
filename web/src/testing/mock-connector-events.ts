import type { ConnectorEvent } from '@exocorp/shared/connector-events'

/**
 * Connector events of the mocked backend in mocked mode (decision 047): failures carry their cause
 * code and facts beside the English reason, as the BFF stores them (decision 063), so the screen
 * words them in the reader's language; a reason without a code shows as stored.
 */
export function seedConnectorEvents(now = Date.now()): ConnectorEvent[] {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString()
  const event = (over: Partial<ConnectorEvent> & { id: string; receivedAt: string }): ConnectorEvent => ({
    source: 'connector',
    connector: 'github',
    eventId: over.id,
    companyId: 'c-acme',
    companySlug: 'acme-research',
    verification: 'verified',
    status: 'delivered',
    reason: null,
    cause: null,
    causeFacts: null,
    attempts: 1,
    latencyMs: 14,
    lastAttemptAt: over.receivedAt,
    deliveredAt: over.receivedAt,
    nextAttemptAt: null,
    replayable: true,
    ...over,
  })
  return [
    event({ id: 'gh-delivered', receivedAt: at(90) }),
    event({
      id: 'gh-paused',
      receivedAt: at(12),
      status: 'retrying',
      reason: 'The exocorp is paused',
      cause: 'exocorp_paused',
      causeFacts: {},
      attempts: 3,
      deliveredAt: null,
      nextAttemptAt: at(-4),
    }),
    event({
      id: 'gh-gave-up',
      receivedAt: at(400),
      status: 'failed',
      reason: 'Gave up after 10 attempts: The runtime could not be reached',
      cause: 'runtime_unreachable',
      causeFacts: { gaveUpAfter: 10 },
      attempts: 10,
      deliveredAt: null,
    }),
    event({
      id: 'gh-refused',
      receivedAt: at(30),
      status: 'failed',
      reason: 'The runtime answered 422',
      cause: 'runtime_answered',
      causeFacts: { status: 422 },
      deliveredAt: null,
    }),
    event({
      id: 'gh-forged',
      receivedAt: at(5),
      verification: 'bad_signature',
      status: 'failed',
      // No code for a refused signature: shown as stored.
      reason: 'The signature does not match',
      deliveredAt: null,
      replayable: false,
    }),
  ]
}
