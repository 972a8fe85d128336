import { CONNECTOR_NAME_PATTERN, type VerificationResult } from '@exocorp/shared/connector-events'
import { newId } from '../lib/crypto'
import { signatureVerdict, WEBHOOK_HEADERS } from '../services/billing/webhooks'
import { companyForHook, deliveredBefore, forwardToRuntime, recordDelivery, statusForHttp } from '../services/connector-events'
import { connectorSecretsFor } from '../services/connector-events/secrets'
import type { AppContext } from './context'
import type { PortalLookup } from './portal-proxy'

/** `POST /hooks/<connector>` on an exocorp's app host. */
export const HOOK_PATH = /^\/hooks\/([^/]+)\/?$/

const MAX_BODY_BYTES = 256 * 1024

/** Sender's names for an event id, in order: Standard Webhooks, GitHub, then none (we name it). */
const EVENT_ID_HEADERS = [WEBHOOK_HEADERS.id, 'x-github-delivery']

/**
 * A connector delivery addressed to an exocorp (decision 047): verified against the exocorp's
 * signing secret for that connector when it set one (else accepted as `unsigned`), recorded, and
 * handed to its runtime at `POST /hooks/<connector>`. Answers 202 when delivered; 401 for a bad,
 * stale or missing signature; 503 when the runtime cannot take it now (the sender retries).
 * A repeat of a delivered event id is `replayed`: answered 200 and not handed on again.
 */
export async function acceptConnectorDelivery(c: AppContext, slug: string, connector: string, lookup: PortalLookup) {
  const deps = c.get('deps')
  const started = performance.now()
  c.header('cache-control', 'no-store')
  if (!CONNECTOR_NAME_PATTERN.test(connector))
    return c.json({ error: { code: 'not_found', message: 'No such connector hook' } }, 404)
  const company = await companyForHook(deps, slug)
  if (!company) return c.json({ error: { code: 'not_found', message: 'No exocorp at this address' } }, 404)
  const declared = Number(c.req.header('content-length') ?? 0)
  const rawBody = declared > MAX_BODY_BYTES ? null : await c.req.text()
  if (rawBody === null || Buffer.byteLength(rawBody) > MAX_BODY_BYTES) {
    c.header('connection', 'close')
    return c.json({ error: { code: 'payload_too_large', message: 'The delivery is larger than 256 KB' } }, 413)
  }
  const claimedId = EVENT_ID_HEADERS.map((h) => c.req.header(h)?.trim()).find((v) => v && v.length <= 200) ?? null
  const { secrets, configured } = await connectorSecretsFor(deps, company.id, connector)
  let verification: VerificationResult = 'unsigned'
  if (configured) {
    // The current secret, and during a rotation's overlap the one it replaced (decision 056):
    // either verifies; a signature that matches one of them but is too old is stale.
    const delivery = {
      id: c.req.header(WEBHOOK_HEADERS.id),
      timestamp: c.req.header(WEBHOOK_HEADERS.timestamp),
      signature: c.req.header(WEBHOOK_HEADERS.signature),
      rawBody,
    }
    const verdicts = secrets.map((secret) => signatureVerdict(secret, delivery, deps.clock.now().getTime()))
    verification = verdicts.includes('verified')
      ? 'verified'
      : verdicts.includes('stale')
        ? 'stale'
        : verdicts.includes('unsigned')
          ? 'unsigned'
          : 'bad_signature'
  }
  const base = { source: 'connector' as const, connector, eventId: claimedId, companyId: company.id }
  const meta = { slug: company.slug, contentType: c.req.header('content-type')?.slice(0, 200) ?? 'application/octet-stream' }
  if (configured && verification !== 'verified') {
    const reason =
      verification === 'unsigned'
        ? 'No signature, and this exocorp signs this connector'
        : verification === 'stale'
          ? 'Signed more than 5 minutes away from now'
          : 'The signature does not match'
    await recordDelivery(deps, {
      ...base,
      verification,
      status: 'failed',
      reason,
      latencyMs: performance.now() - started,
      payload: null,
      meta,
    })
    return c.json({ error: { code: 'unauthenticated', message: reason } }, 401)
  }
  if (claimedId && (await deliveredBefore(deps, company.id, connector, claimedId))) {
    await recordDelivery(deps, {
      ...base,
      verification: 'replayed',
      status: 'delivered',
      reason: 'Already delivered; not handed on again',
      latencyMs: performance.now() - started,
      payload: rawBody,
      meta,
    })
    return c.json({ received: true, duplicate: true }, 200)
  }
  const eventId = claimedId ?? `hook_${newId()}`
  const sent = await forwardToRuntime(await lookup(company.slug), {
    connector,
    eventId,
    body: rawBody,
    contentType: meta.contentType,
    verified: verification === 'verified',
  })
  await recordDelivery(deps, {
    ...base,
    eventId,
    verification,
    status: sent.ok ? 'delivered' : statusForHttp(sent.status),
    reason: sent.ok ? null : sent.reason,
    cause: sent.ok ? null : sent.cause,
    latencyMs: performance.now() - started,
    payload: rawBody,
    meta,
  })
  if (sent.ok) return c.json({ received: true, duplicate: sent.duplicate }, 202)
  if (sent.status >= 500) c.header('retry-after', '60')
  return c.json({ error: { code: 'unavailable', message: sent.reason } }, sent.status >= 500 ? 503 : 502)
}
