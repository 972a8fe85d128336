import type { Context } from 'hono'
import type { Deps } from '../deps'
import type { Actor } from '../services/audit'
import { recordAudit, type AuditInput } from '../services/audit'
import type { SessionRow, UserRow } from '../services/accounts/sessions'

/** Who is calling: a browser session, or a coding agent's trusted-client bearer token. */
export type Principal =
  | { kind: 'session'; user: UserRow; session: SessionRow }
  | { kind: 'operator_client'; user: UserRow; clientId: string; clientName: string }

export type AppEnv = {
  Variables: {
    requestId: string
    deps: Deps
    principal: Principal | null
    /** Set once this request wrote its audit row, so the refused-write safety net adds none. */
    audited?: boolean
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

/** Audit with the request's actor and request id filled in. */
export function audit(c: AppContext, input: Omit<AuditInput, 'actor' | 'requestId'> & { actor?: Actor }) {
  recordAudit(c.var.deps, { actor: actorOf(c.var.principal), requestId: c.var.requestId, ...input })
  c.set('audited', true)
}

/**
 * The client's address. Behind `EXOCORP_TRUST_PROXY = N` proxies, each one appends the address it
 * saw to X-Forwarded-For, so the client is the N-th entry from the right (Express's
 * `trust proxy = N`); anything further left was written by the client and proves nothing.
 */
export function clientIp(c: AppContext): string | null {
  const hops = c.var.deps.env.EXOCORP_TRUST_PROXY
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
