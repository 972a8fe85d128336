import { and, desc, eq } from 'drizzle-orm'
import type { OperatorScope } from '@exocorp/shared/operator-clients'
import { within, type Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { auditEvents } from '../../db/schema/audit'
import { operatorClientCompanies, operatorClients } from '../../db/schema/operator-clients'
import { sha256Hex } from '../../lib/crypto'
import type { UserRow } from '../accounts/sessions'
import { recordAudit, type Actor } from '../audit'
import { parseScopes, TOKEN_PREFIX } from './drafts'

/** last_used_at is written at most this often per client, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000

export interface ResolvedClient {
  user: UserRow
  clientId: string
  clientName: string
  scopes: OperatorScope[]
  /** The exocorps the human chose at approval; null: every exocorp the human can reach. */
  companyIds: ReadonlySet<string> | null
}

/**
 * Looks a bearer token up by its SHA-256. Revoked clients and disabled users answer null on
 * the very next request: nothing is cached.
 */
export async function resolveOperatorToken(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<ResolvedClient | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null
  const [found] = await deps.db
    .select({ client: operatorClients, user: users })
    .from(operatorClients)
    .innerJoin(users, eq(users.id, operatorClients.userId))
    .where(eq(operatorClients.tokenHash, sha256Hex(token)))
    .limit(1)
  if (!found || found.client.revokedAt || found.user.disabledAt) return null
  const now = deps.clock.now()
  if (!found.client.lastUsedAt || now.getTime() - Date.parse(found.client.lastUsedAt) >= TOUCH_EVERY_MS) {
    await deps.db.write(async (tx) => {
      await tx.update(operatorClients).set({ lastUsedAt: now.toISOString() }).where(eq(operatorClients.id, found.client.id))
    })
  }
  // Read on every request like the rest: no cache to go stale. Only a limited client pays this query.
  const companyIds =
    found.client.companyScope === 'selected'
      ? new Set(
          (
            await deps.db
              .select({ id: operatorClientCompanies.companyId })
              .from(operatorClientCompanies)
              .where(eq(operatorClientCompanies.clientId, found.client.id))
          ).map((r) => r.id),
        )
      : null
  return {
    user: found.user,
    clientId: found.client.id,
    clientName: found.client.name,
    scopes: parseScopes(found.client.scopes),
    companyIds,
  }
}

export const READ_AUDIT_ACTION = 'operator_client.read'

/**
 * An operator client's successful reads are summarised: the first read in each clock minute
 * writes one `operator_client.read` row (target: the client), the rest of that minute add none.
 * An agent polling a job every few seconds would otherwise write thousands of rows an hour.
 * Writes and refusals are recorded one by one elsewhere. Answers whether a row was written.
 */
export async function recordOperatorRead(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { actor: Actor; clientId: string; method: string; path: string; status: number; requestId: string },
): Promise<boolean> {
  const now = deps.clock.now()
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString()
  // Most reads find this minute's row already written and stay reads; only the first takes the write path.
  if (await wroteReadRowSince(deps, input.clientId, minute)) return false
  return deps.db.write(async (tx) => {
    // Touching the client locks its row on PostgreSQL, so parallel first reads of a minute queue here
    // and only one of them writes the row (SQLite's write transaction already runs them one by one).
    await tx.update(operatorClients).set({ lastUsedAt: now.toISOString() }).where(eq(operatorClients.id, input.clientId))
    if (await wroteReadRowSince(within(deps, tx), input.clientId, minute)) return false
    await recordAudit(within(deps, tx), {
      actor: input.actor,
      action: READ_AUDIT_ACTION,
      target: { type: 'operator_client', id: input.clientId },
      outcome: 'succeeded',
      summary: `${input.actor.label} read the API from ${minute.slice(11, 16)} UTC (first: ${input.method} ${input.path} → ${input.status}; one row per minute)`,
      details: { minute, method: input.method, path: input.path, status: input.status },
      requestId: input.requestId,
    })
    return true
  })
}

async function wroteReadRowSince(deps: Pick<Deps, 'db'>, clientId: string, minute: string): Promise<boolean> {
  const [last] = await deps.db
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.targetType, 'operator_client'),
        eq(auditEvents.targetId, clientId),
        eq(auditEvents.action, READ_AUDIT_ACTION),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(1)
  return last !== undefined && last.at >= minute
}
