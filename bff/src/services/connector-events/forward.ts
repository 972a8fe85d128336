import type { ConnectorCause } from '@exocorp/shared/admin-notice-messages'
import type { PortalTarget } from '../lifecycle/portal'

export interface Forward {
  connector: string
  eventId: string
  body: string
  contentType: string
  /** Whether the platform verified the sender's signature (the runtime may refuse unsigned ones). */
  verified: boolean
}

/** A failure's English reason, and its cause as a code with its facts (decision 063: worded per language). */
export type ForwardResult =
  { ok: true; duplicate: boolean } | { ok: false; status: number; reason: string; cause: ConnectorCause }

const TIMEOUT_MS = 10_000

/**
 * Hands a connector delivery to the exocorp's runtime at `POST /hooks/<connector>` (reference
 * runtime: runtime/reference-runtime/server.ts). The event id travels as `x-exocorp-event-id`, so a
 * replay is a duplicate there; no header of the sender's (its signature, cookies) is passed on.
 */
export async function forwardToRuntime(target: PortalTarget | null, f: Forward): Promise<ForwardResult> {
  if (!target) return { ok: false, status: 404, reason: 'No such exocorp', cause: { cause: 'no_such_exocorp' } }
  if (target.state === 'paused') {
    return { ok: false, status: 503, reason: 'The exocorp is paused', cause: { cause: 'exocorp_paused' } }
  }
  if (target.state !== 'running') {
    return { ok: false, status: 503, reason: 'The exocorp is not running', cause: { cause: 'exocorp_not_running' } }
  }
  const origin = new URL(target.endpoint).origin
  try {
    const res = await fetch(`${origin}/hooks/${f.connector}`, {
      method: 'POST',
      headers: {
        'content-type': f.contentType,
        'x-exocorp-event-id': f.eventId,
        'x-exocorp-connector': f.connector,
        'x-exocorp-verified': f.verified ? 'true' : 'false',
      },
      body: f.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    const text = await res.text().catch(() => '')
    if (res.status >= 200 && res.status < 300) {
      let duplicate = false
      try {
        duplicate = (JSON.parse(text) as { duplicate?: unknown }).duplicate === true
      } catch {
        // A runtime that answers something else accepted it all the same.
      }
      return { ok: true, duplicate }
    }
    return {
      ok: false,
      status: res.status >= 500 ? 502 : res.status,
      reason: `The runtime answered ${res.status}`,
      cause: { cause: 'runtime_answered', status: res.status },
    }
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
    return timedOut
      ? { ok: false, status: 502, reason: 'The runtime did not answer in time', cause: { cause: 'runtime_timeout' } }
      : { ok: false, status: 502, reason: 'The runtime could not be reached', cause: { cause: 'runtime_unreachable' } }
  }
}
