import type { MiddlewareHandler } from 'hono'
import { resolveOperatorToken, recordOperatorRead } from '../services/operator-clients/tokens'
import { actorOf, audit, type AppContext, type AppEnv } from './context'
import type { BearerResolver } from './middleware'

/** The default `resolveBearer` of createApp: trusted-client tokens (`exo_oc_…`). */
export const resolveOperatorClientBearer: BearerResolver = async (c, token) => {
  const found = await resolveOperatorToken(c.var.deps, token)
  return found
    ? { kind: 'operator_client', user: found.user, clientId: found.clientId, clientName: found.clientName, scopes: found.scopes }
    : null
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

function auditBearerCall(c: AppContext, status: number) {
  return audit(c, {
    action: 'operator_client.request',
    target: { type: 'route', id: `${c.req.method} ${c.req.path}` },
    outcome: status < 400 ? 'succeeded' : 'failed',
    summary: `${c.req.method} ${c.req.path} → ${status}`,
    details: { method: c.req.method, path: c.req.path, status },
  })
}

/**
 * Runs after loadPrincipal. Audits an operator client's calls with the client as actor: every
 * write and every refusal (status ≥ 400, a route guard's included) one by one, successful reads
 * once per minute. Which routes an agent may call is each route's guard (http/guards.ts).
 */
export const auditOperatorClientCalls: MiddlewareHandler<AppEnv> = async (c, next) => {
  const p = c.var.principal
  if (p?.kind !== 'operator_client') return next()
  await next()
  const status = c.res.status
  if (READS.has(c.req.method) && status < 400) {
    await recordOperatorRead(c.var.deps, {
      actor: actorOf(p),
      clientId: p.clientId,
      method: c.req.method,
      path: c.req.path,
      status,
      requestId: c.var.requestId,
    })
  } else await auditBearerCall(c, status)
}
