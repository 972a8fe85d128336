import { eq } from 'drizzle-orm'
import type { OperatorScope } from '@exocorp/shared/operator-clients'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { operatorClients } from '../../db/schema/operator-clients'
import { sha256Hex } from '../../lib/crypto'
import type { UserRow } from '../accounts/sessions'
import { TOKEN_PREFIX } from './drafts'

/** last_used_at is written at most this often per client, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000

export interface ResolvedClient {
  user: UserRow
  clientId: string
  clientName: string
  scopes: OperatorScope[]
}

/**
 * Looks a bearer token up by its SHA-256. Revoked clients and disabled users answer null on
 * the very next request: nothing is cached.
 */
export function resolveOperatorToken(deps: Pick<Deps, 'db' | 'clock'>, token: string): ResolvedClient | null {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null
  const found = deps.db
    .select({ client: operatorClients, user: users })
    .from(operatorClients)
    .innerJoin(users, eq(users.id, operatorClients.userId))
    .where(eq(operatorClients.tokenHash, sha256Hex(token)))
    .get()
  if (!found || found.client.revokedAt || found.user.disabledAt) return null
  const now = deps.clock.now()
  if (!found.client.lastUsedAt || now.getTime() - Date.parse(found.client.lastUsedAt) >= TOUCH_EVERY_MS) {
    deps.db.update(operatorClients).set({ lastUsedAt: now.toISOString() }).where(eq(operatorClients.id, found.client.id)).run()
  }
  const scopes: unknown = JSON.parse(found.client.scopes)
  return {
    user: found.user,
    clientId: found.client.id,
    clientName: found.client.name,
    scopes: Array.isArray(scopes)
      ? scopes.filter((s): s is OperatorScope => s === 'registry:read' || s === 'registry:write')
      : [],
  }
}
