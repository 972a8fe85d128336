import type { Context } from 'hono'
import type { OperatorScope } from '@exocorp/shared/operator-clients'
import type { Deps } from '../deps'
import type { Actor } from '../services/audit'
import { AppError, isStorageError } from '../lib/errors'
import { recordAudit, recordRefusal, type AuditInput } from '../services/audit'
import type { SessionRow, UserRow } from '../services/accounts/sessions'

/** Who is calling: a browser session, or a coding agent's trusted-client bearer token. */
export type Principal =
  | { kind: 'session'; user: UserRow; session: SessionRow }
  | {
      kind: 'operator_client'
      user: UserRow
      clientId: string
      clientName: string
      scopes: readonly OperatorScope[]
      /** The exocorps the human chose at approval; null: every exocorp the human can reach. */
      companyIds: ReadonlySet<string> | null
    }

export type AppEnv = {
  Variables: {
    requestId: string
    deps: Deps
    principal: Principal | null
    /** Set once this request wrote its audit row, so the refused-write safety net adds none. */
    audited?: boolean
    /** The exocorp whose active custom domain this request's Host is (http/host-guard.ts, decision 042). */
    customDomainSlug?: string
    /** The exocorp whose runtime token authenticated a usage report (routes/runtime.ts). */
    reportingRuntime?: { id: string; slug: string; name: string }
    /** Set by a runtime callback's handler when the delivery repeated one already handled (decision 047). */
    deliveryDuplicate?: boolean
    /** A write's parsed JSON body (validate), for the probe capture to look at stored free text. */
    validatedBody?: unknown
  }
}

export type AppContext = Context<AppEnv>

export function actorOf(principal: Principal | null): Actor {
  if (!principal) return { type: 'anonymous', id: null, label: 'anonymous' }
  if (principal.kind === 'operator_client') {
    return { type: 'operator_client', id: principal.clientId, label: `${principal.clientName} (for ${principal.user.email})` }
  }
  return { type: 'user', id: principal.user.id, label: principal.user.email }
}

/** Statuses of a request turned away before anything ran; 409 (a conflicting action) is not one. */
const REFUSAL_STATUSES = new Set([400, 401, 403, 404, 405, 413, 415, 429])

function isRefusal(input: Pick<AuditInput, 'outcome' | 'details'>): boolean {
  const status = input.details?.status
  return input.outcome === 'failed' && typeof status === 'number' && REFUSAL_STATUSES.has(status)
}

/** Who a refusal is counted against: the signed-in principal, else the client's address. */
function refusalActorKey(c: AppContext, actor: Actor): string {
  if (actor.type !== 'anonymous' && actor.id) return `${actor.type}:${actor.id}`
  return `ip:${clientIp(c) ?? 'unknown'}`
}

/**
 * Audit with the request's actor and request id filled in. A refusal (outcome failed with a
 * refusal status in details) is aggregated per actor (services/audit.ts, decision 015); when a
 * signed-in principal is past the refusal burst this throws 429 instead of returning.
 */
export async function audit(c: AppContext, input: Omit<AuditInput, 'actor' | 'requestId'> & { actor?: Actor }): Promise<void> {
  const entry: AuditInput = { actor: actorOf(c.get('principal') ?? null), requestId: c.get('requestId'), ...input }
  if (!isRefusal(entry)) {
    await recordAudit(c.get('deps'), entry)
    c.set('audited', true)
    return
  }
  let outcome
  try {
    outcome = await recordRefusal(c.get('deps'), { ...entry, actorKey: refusalActorKey(c, entry.actor) })
  } catch (err) {
    // A full disk must not turn a refusal into an error: the client still gets its 4xx.
    if (!isStorageError(err)) throw err
    c.get('deps').log.error({ requestId: c.get('requestId'), err: { message: String(err) } }, 'refusal not audited: storage full')
    return
  }
  c.set('audited', true)
  if (outcome.throttled && c.get('principal')) {
    throw new AppError(429, 'too_many_requests', 'Too many refused requests. Slow down and try again later.', {
      retryAfterSeconds: outcome.retryAfterSeconds,
    })
  }
}

/**
 * The client's address. Behind `EXOCORP_TRUST_PROXY = N` proxies, each one appends the address it
 * saw to X-Forwarded-For, so the client is the N-th entry from the right (Express's
 * `trust proxy = N`); anything further left was written by the client and proves nothing.
 */
export function clientIp(c: AppContext): string | null {
  const hops = c.get('deps').env.EXOCORP_TRUST_PROXY
  if (hops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
    if (chain.length > 0) return chain[Math.max(0, chain.length - hops)]!
  }
  // @hono/node-server puts the socket on env.incoming; app.request() in tests has none.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? null
}
