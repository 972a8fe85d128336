import type { MiddlewareHandler, Next } from 'hono'
import { resolveOperatorToken, recordOperatorRead } from '../services/operator-clients/tokens'
import { actorOf, audit, type AppContext, type AppEnv, type Principal } from './context'
import type { BearerResolver } from './middleware'

/** The default `resolveBearer` of createApp: trusted-client tokens (`exo_oc_…`). */
export const resolveOperatorClientBearer: BearerResolver = async (c, token) => {
  const found = await resolveOperatorToken(c.get('deps'), token)
  return found ? { kind: 'operator_client', ...found } : null
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
export const auditOperatorClientCalls: MiddlewareHandler<AppEnv> = (c, next) => {
  const p = c.get('principal')
  return p?.kind === 'operator_client' ? auditAround(c, p, next) : next()
}

async function auditAround(c: AppContext, p: Extract<Principal, { kind: 'operator_client' }>, next: Next) {
  await next()
  const status = c.res.status
  if (READS.has(c.req.method) && status < 400) {
    await recordOperatorRead(c.get('deps'), {
      actor: actorOf(p),
      clientId: p.clientId,
      method: c.req.method,
      path: c.req.path,
      status,
      requestId: c.get('requestId'),
    })
  } else await auditBearerCall(c, status)
}
