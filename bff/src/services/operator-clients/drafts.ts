import { randomInt } from 'node:crypto'
import { and, desc, eq, sql } from 'drizzle-orm'
import type { ApprovalView, CreateDraftInput, DraftResult, OperatorClient, OperatorScope } from '@exocorp/shared/operator-clients'
import type { Deps } from '../../deps'
import { writeTx } from '../../db/client'
import { authThrottle } from '../../db/schema/accounts'
import { operatorClientDrafts, operatorClients } from '../../db/schema/operator-clients'
import { newId, randomToken, sha256Hex } from '../../lib/crypto'
import { AppError } from '../../lib/errors'

export const DRAFT_TTL_MS = 10 * 60_000
export const POLL_INTERVAL_SECONDS = 5
export const DRAFT_PREFIX = 'exo_draft_'
export const TOKEN_PREFIX = 'exo_oc_'
export const DRAFTS_PER_IP_PER_HOUR = 10
const DEFAULT_SCOPES: OperatorScope[] = ['registry:read', 'registry:write']

type DraftRow = typeof operatorClientDrafts.$inferSelect
type ClientRow = typeof operatorClients.$inferSelect

// No I/O (letters) and no 0/1 (digits): easy to read aloud and to type.
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const DIGITS = '23456789'
function newUserCode() {
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('')
  return `${pick(LETTERS, 4)}-${pick(DIGITS, 4)}`
}

export function parseScopes(text: string): OperatorScope[] {
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value.filter((s): s is OperatorScope => s === 'registry:read' || s === 'registry:write') : []
}

const HOUR_MS = 3_600_000
/** Wrong user codes a signed-in person may try per hour before lookups answer 429. */
export const CODE_MISSES_PER_HOUR = 10

function windowCount(deps: Pick<Deps, 'db' | 'clock'>, key: string): number {
  const row = deps.db.select().from(authThrottle).where(eq(authThrottle.key, key)).get()
  if (!row || Date.parse(row.windowStartedAt) + HOUR_MS <= deps.clock.now().getTime()) return 0
  return row.failures
}

function countHit(deps: Pick<Deps, 'db' | 'clock'>, key: string) {
  const now = deps.clock.now()
  const windowStart = new Date(now.getTime() - HOUR_MS).toISOString()
  deps.db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStartedAt: now.toISOString() })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${windowStart} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${windowStart} THEN ${now.toISOString()} ELSE ${authThrottle.windowStartedAt} END`,
      },
    })
    .run()
}

/**
 * Fixed one-hour window per address in the shared throttle table; answers false once the
 * address has used up its drafts.
 */
export function takeDraftAllowance(deps: Pick<Deps, 'db' | 'clock'>, ip: string | null): boolean {
  const key = `oc-draft:${ip ?? 'unknown'}`
  return writeTx(deps.db, () => {
    if (windowCount(deps, key) >= DRAFTS_PER_IP_PER_HOUR) return false
    countHit(deps, key)
    return true
  })
}

/**
 * User codes are short, so guessing them is throttled per person: someone approving a stranger's
 * agent into their own account is the attack this stops.
 */
export function codeLookupsBlocked(deps: Pick<Deps, 'db' | 'clock'>, userId: string): boolean {
  return windowCount(deps, `oc-code-miss:${userId}`) >= CODE_MISSES_PER_HOUR
}

export function recordCodeMiss(deps: Pick<Deps, 'db' | 'clock'>, userId: string) {
  countHit(deps, `oc-code-miss:${userId}`)
}

export function createDraft(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: CreateDraftInput,
  ip: string | null,
): DraftResult & { id: string } {
  const now = deps.clock.now()
  const draftToken = randomToken(DRAFT_PREFIX)
  const expiresAt = new Date(now.getTime() + DRAFT_TTL_MS).toISOString()
  const scopes = input.scopes ? [...new Set(input.scopes)] : DEFAULT_SCOPES
  for (let attempt = 0; ; attempt++) {
    const userCode = newUserCode()
    const id = newId()
    try {
      deps.db
        .insert(operatorClientDrafts)
        .values({
          id,
          tokenHash: sha256Hex(draftToken),
          userCode,
          name: input.name,
          scopes: JSON.stringify(scopes),
          status: 'pending',
          requestedIp: ip,
          createdAt: now.toISOString(),
          expiresAt,
        })
        .run()
      return {
        id,
        draftToken,
        userCode,
        approvalUrl: `/connect/${userCode}`,
        expiresAt,
        pollIntervalSeconds: POLL_INTERVAL_SECONDS,
      }
    } catch (err) {
      // A user-code collision: try another code a few times, then give up loudly.
      if (attempt >= 4 || !(err instanceof Error) || !/UNIQUE/.test(err.message)) throw err
    }
  }
}

function isExpired(deps: Pick<Deps, 'clock'>, draft: DraftRow) {
  return Date.parse(draft.expiresAt) <= deps.clock.now().getTime()
}

function approvalStatus(deps: Pick<Deps, 'clock'>, draft: DraftRow): ApprovalView['status'] {
  if (draft.status === 'pending' && isExpired(deps, draft)) return 'expired'
  if (draft.status === 'approved' && isExpired(deps, draft)) return 'expired'
  return draft.status
}

function findDraftByCode(deps: Pick<Deps, 'db'>, userCode: string): DraftRow {
  const draft = deps.db.select().from(operatorClientDrafts).where(eq(operatorClientDrafts.userCode, userCode)).get()
  if (!draft) throw AppError.notFound('Connection request')
  return draft
}

export function getApproval(deps: Pick<Deps, 'db' | 'clock'>, userCode: string): ApprovalView & { id: string } {
  const draft = findDraftByCode(deps, userCode)
  return {
    id: draft.id,
    name: draft.name,
    scopes: parseScopes(draft.scopes),
    userCode: draft.userCode,
    requestedAt: draft.createdAt,
    expiresAt: draft.expiresAt,
    status: approvalStatus(deps, draft),
    requestedFromIp: draft.requestedIp,
  }
}

/** The signed-in human's decision; only a pending, unexpired request can be decided. */
export function decideDraft(
  deps: Pick<Deps, 'db' | 'clock'>,
  userCode: string,
  userId: string,
  decision: 'approved' | 'denied',
): ApprovalView & { id: string } {
  writeTx(deps.db, () => {
    const draft = findDraftByCode(deps, userCode)
    const status = approvalStatus(deps, draft)
    if (status !== 'pending') {
      throw AppError.conflict(`request_${status}`, `This connection request is already ${status}`, { status })
    }
    deps.db
      .update(operatorClientDrafts)
      .set({ status: decision, decidedByUserId: userId, decidedAt: deps.clock.now().toISOString() })
      .where(and(eq(operatorClientDrafts.id, draft.id), eq(operatorClientDrafts.status, 'pending')))
      .run()
  })
  return getApproval(deps, userCode)
}

export type RedeemOutcome =
  | { kind: 'pending'; expiresAt: string }
  | { kind: 'approved'; token: string; client: ClientRow; draft: DraftRow }
  | {
      kind: 'error'
      status: 403 | 404 | 410
      code: 'draft_expired' | 'draft_denied' | 'draft_already_redeemed' | 'draft_not_found'
      message: string
      draft: DraftRow | null
    }

/** The agent's poll. The bearer token is minted in the same transaction that burns the draft. */
export function redeemDraft(deps: Pick<Deps, 'db' | 'clock'>, draftToken: string): RedeemOutcome {
  return writeTx(deps.db, (): RedeemOutcome => {
    const draft = deps.db
      .select()
      .from(operatorClientDrafts)
      .where(eq(operatorClientDrafts.tokenHash, sha256Hex(draftToken)))
      .get()
    if (!draft) {
      return {
        kind: 'error',
        status: 404,
        code: 'draft_not_found',
        message: 'No connection request has this draft token',
        draft: null,
      }
    }
    if (draft.status === 'redeemed') {
      return {
        kind: 'error',
        status: 410,
        code: 'draft_already_redeemed',
        message: 'This draft token was already redeemed; draft tokens work once. Start a new connection request.',
        draft,
      }
    }
    if (draft.status === 'denied') {
      return { kind: 'error', status: 403, code: 'draft_denied', message: 'The user denied this connection request', draft }
    }
    if (isExpired(deps, draft)) {
      return {
        kind: 'error',
        status: 410,
        code: 'draft_expired',
        message: 'This connection request expired before it was approved and redeemed. Start a new one.',
        draft,
      }
    }
    if (draft.status === 'pending') return { kind: 'pending', expiresAt: draft.expiresAt }
    const now = deps.clock.now().toISOString()
    const token = randomToken(TOKEN_PREFIX)
    const client: ClientRow = {
      id: newId(),
      userId: draft.decidedByUserId ?? '',
      name: draft.name,
      scopes: draft.scopes,
      tokenHash: sha256Hex(token),
      tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 4),
      draftId: draft.id,
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
    }
    deps.db.insert(operatorClients).values(client).run()
    deps.db
      .update(operatorClientDrafts)
      .set({ status: 'redeemed', redeemedAt: now, clientId: client.id })
      .where(eq(operatorClientDrafts.id, draft.id))
      .run()
    return { kind: 'approved', token, client, draft }
  })
}

export function toOperatorClient(row: ClientRow): OperatorClient {
  return {
    id: row.id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    tokenPrefix: row.tokenPrefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    status: row.revokedAt ? 'revoked' : 'active',
  }
}

export function listOperatorClients(deps: Pick<Deps, 'db'>, userId: string): OperatorClient[] {
  return deps.db
    .select()
    .from(operatorClients)
    .where(eq(operatorClients.userId, userId))
    .orderBy(desc(operatorClients.createdAt), desc(operatorClients.id))
    .all()
    .map(toOperatorClient)
}

/** Only the owner of a client may revoke it; revoking twice is harmless. */
export function revokeOperatorClient(deps: Pick<Deps, 'db' | 'clock'>, userId: string, clientId: string): OperatorClient {
  const row = deps.db.select().from(operatorClients).where(eq(operatorClients.id, clientId)).get()
  if (!row || row.userId !== userId) throw AppError.notFound('Operator client')
  if (!row.revokedAt) {
    const revokedAt = deps.clock.now().toISOString()
    deps.db.update(operatorClients).set({ revokedAt }).where(eq(operatorClients.id, clientId)).run()
    row.revokedAt = revokedAt
  }
  return toOperatorClient(row)
}
