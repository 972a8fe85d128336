import { randomInt } from 'node:crypto'
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm'
import {
  OperatorScopeSchema,
  type ApprovalView,
  type CreateDraftInput,
  type DraftResult,
  type OperatorClient,
  type OperatorScope,
} from '@exocorp/shared/operator-clients'
import { within, type Deps } from '../../deps'
import { isUniqueViolation } from '../../db/portable'
import { authThrottle } from '../../db/schema/accounts'
import { companies, memberships } from '../../db/schema/companies'
import { operatorClientCompanies, operatorClientDrafts, operatorClients } from '../../db/schema/operator-clients'
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

const KNOWN_SCOPES: readonly string[] = OperatorScopeSchema.options

export function parseScopes(text: string): OperatorScope[] {
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value.filter((s): s is OperatorScope => KNOWN_SCOPES.includes(s)) : []
}

const HOUR_MS = 3_600_000
/** Wrong user codes a signed-in person may try per hour before lookups answer 429. */
export const CODE_MISSES_PER_HOUR = 10

async function windowCount(deps: Pick<Deps, 'db' | 'clock'>, key: string): Promise<number> {
  const [row] = await deps.db.select().from(authThrottle).where(eq(authThrottle.key, key)).limit(1)
  if (!row || Date.parse(row.windowStartedAt) + HOUR_MS <= deps.clock.now().getTime()) return 0
  return row.failures
}

/** Counts one hit in the key's window (a new window once the last has ended); answers the count. */
async function countHit(deps: Pick<Deps, 'db' | 'clock'>, key: string): Promise<number> {
  const now = deps.clock.now()
  const windowStart = new Date(now.getTime() - HOUR_MS).toISOString()
  const [row] = await deps.db.write((tx) =>
    tx
      .insert(authThrottle)
      .values({ key, failures: 1, windowStartedAt: now.toISOString() })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          failures: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${windowStart} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${windowStart} THEN ${now.toISOString()} ELSE ${authThrottle.windowStartedAt} END`,
        },
      })
      .returning({ failures: authThrottle.failures }),
  )
  return row?.failures ?? 1
}

/**
 * Fixed one-hour window per address in the shared throttle table; answers false once the
 * address has used up its drafts. Counting and answering is one statement, so parallel requests
 * cannot all take the last draft; a refused request counts too, which changes nothing (the
 * window does not move).
 */
export async function takeDraftAllowance(deps: Pick<Deps, 'db' | 'clock'>, ip: string | null): Promise<boolean> {
  return (await countHit(deps, `oc-draft:${ip ?? 'unknown'}`)) <= DRAFTS_PER_IP_PER_HOUR
}

/**
 * User codes are short, so guessing them is throttled per person: someone approving a stranger's
 * agent into their own account is the attack this stops.
 */
export async function codeLookupsBlocked(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<boolean> {
  return (await windowCount(deps, `oc-code-miss:${userId}`)) >= CODE_MISSES_PER_HOUR
}

export async function recordCodeMiss(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<void> {
  await countHit(deps, `oc-code-miss:${userId}`)
}

export async function createDraft(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: CreateDraftInput,
  ip: string | null,
): Promise<DraftResult & { id: string }> {
  const now = deps.clock.now()
  const draftToken = randomToken(DRAFT_PREFIX)
  const expiresAt = new Date(now.getTime() + DRAFT_TTL_MS).toISOString()
  const scopes = input.scopes ? [...new Set(input.scopes)] : DEFAULT_SCOPES
  for (let attempt = 0; ; attempt++) {
    const userCode = newUserCode()
    const id = newId()
    try {
      // One transaction per try: on PostgreSQL a refused insert spoils the transaction it ran in.
      await deps.db.write(async (tx) => {
        await tx.insert(operatorClientDrafts).values({
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
      })
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
      if (attempt >= 4 || !isUniqueViolation(err)) throw err
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

async function findDraftByCode(deps: Pick<Deps, 'db'>, userCode: string): Promise<DraftRow> {
  const [draft] = await deps.db.select().from(operatorClientDrafts).where(eq(operatorClientDrafts.userCode, userCode)).limit(1)
  if (!draft) throw AppError.notFound('Connection request')
  return draft
}

export async function getApproval(deps: Pick<Deps, 'db' | 'clock'>, userCode: string): Promise<ApprovalView & { id: string }> {
  const draft = await findDraftByCode(deps, userCode)
  return {
    id: draft.id,
    name: draft.name,
    scopes: parseScopes(draft.scopes),
    userCode: draft.userCode,
    requestedAt: draft.createdAt,
    expiresAt: draft.expiresAt,
    status: approvalStatus(deps, draft),
    requestedFromIp: draft.requestedIp,
    companyIds: parseCompanyIds(draft.companyIds),
  }
}

export function parseCompanyIds(text: string | null): string[] | null {
  if (text === null) return null
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []
}

/**
 * The chosen exocorps, checked against what the approving human can reach now (owner or member, not
 * destroyed): an id they cannot reach is a 400 naming it, with nothing changed, and the same answer
 * whether the exocorp exists or not.
 */
async function reachableChoice(deps: Pick<Deps, 'db'>, userId: string, ids: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(ids)]
  const found = await deps.db
    .select({ id: companies.id })
    .from(memberships)
    .innerJoin(companies, eq(companies.id, memberships.companyId))
    .where(and(eq(memberships.userId, userId), inArray(companies.id, wanted), ne(companies.status, 'destroyed')))
  const reachable = new Set(found.map((r) => r.id))
  const unknown = wanted.filter((id) => !reachable.has(id))
  if (unknown.length > 0) {
    throw AppError.validation({ companyIds: [`Not one of your exocorps: ${unknown.join(', ')}`] })
  }
  return wanted
}

/** The signed-in human's decision; only a pending, unexpired request can be decided. */
export async function decideDraft(
  deps: Pick<Deps, 'db' | 'clock'>,
  userCode: string,
  userId: string,
  decision: 'approved' | 'denied',
  /** What the human grants on approval; the token gets these, whatever the agent asked for. */
  grantedScopes?: OperatorScope[],
  /** The exocorps the token may reach; null or undefined: all of them. */
  companyIds?: readonly string[] | null,
): Promise<ApprovalView & { id: string }> {
  return deps.db.write(async (tx) => {
    const inTx = within(deps, tx)
    const draft = await findDraftByCode(inTx, userCode)
    const status = approvalStatus(deps, draft)
    if (status !== 'pending') throw alreadyDecided(status)
    const chosen = decision === 'approved' && companyIds ? await reachableChoice(inTx, userId, companyIds) : null
    const decided = await tx
      .update(operatorClientDrafts)
      .set({
        status: decision,
        decidedByUserId: userId,
        decidedAt: deps.clock.now().toISOString(),
        ...(decision === 'approved' && grantedScopes ? { scopes: JSON.stringify(grantedScopes) } : {}),
        companyIds: chosen ? JSON.stringify(chosen) : null,
      })
      .where(and(eq(operatorClientDrafts.id, draft.id), eq(operatorClientDrafts.status, 'pending')))
      .returning({ id: operatorClientDrafts.id })
    // Decided by someone else between the read and this update (PostgreSQL runs both at once).
    if (decided.length === 0) throw alreadyDecided(approvalStatus(deps, await findDraftByCode(inTx, userCode)))
    return getApproval(inTx, userCode)
  })
}

function alreadyDecided(status: ApprovalView['status']) {
  return AppError.conflict(`request_${status}`, `This connection request is already ${status}`, { status })
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
export async function redeemDraft(deps: Pick<Deps, 'db' | 'clock'>, draftToken: string): Promise<RedeemOutcome> {
  return deps.db.write(async (tx): Promise<RedeemOutcome> => {
    const [draft] = await tx
      .select()
      .from(operatorClientDrafts)
      .where(eq(operatorClientDrafts.tokenHash, sha256Hex(draftToken)))
      .limit(1)
    if (!draft) {
      return {
        kind: 'error',
        status: 404,
        code: 'draft_not_found',
        message: 'No connection request has this draft token',
        draft: null,
      }
    }
    if (draft.status === 'redeemed') return alreadyRedeemed(draft)
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
    const chosen = parseCompanyIds(draft.companyIds)
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
      companyScope: chosen ? 'selected' : 'all',
    }
    // Burnt first, and only from approved: of two polls at once (PostgreSQL), the second finds it redeemed.
    const burnt = await tx
      .update(operatorClientDrafts)
      .set({ status: 'redeemed', redeemedAt: now, clientId: client.id })
      .where(and(eq(operatorClientDrafts.id, draft.id), eq(operatorClientDrafts.status, 'approved')))
      .returning({ id: operatorClientDrafts.id })
    if (burnt.length === 0) return alreadyRedeemed(draft)
    await tx.insert(operatorClients).values(client)
    if (chosen && chosen.length > 0) {
      await tx.insert(operatorClientCompanies).values(chosen.map((companyId) => ({ clientId: client.id, companyId })))
    }
    return { kind: 'approved', token, client, draft }
  })
}

function alreadyRedeemed(draft: DraftRow): RedeemOutcome {
  return {
    kind: 'error',
    status: 410,
    code: 'draft_already_redeemed',
    message: 'This draft token was already redeemed; draft tokens work once. Start a new connection request.',
    draft,
  }
}

/** The clients as the contract shows them, with the names of the exocorps a `selected` one reaches (one query). */
export async function toOperatorClients(deps: Pick<Deps, 'db'>, rows: readonly ClientRow[]): Promise<OperatorClient[]> {
  const selected = rows.filter((r) => r.companyScope === 'selected').map((r) => r.id)
  const reach = new Map<string, { id: string; name: string }[]>(selected.map((id) => [id, []]))
  if (selected.length > 0) {
    const found = await deps.db
      .select({ clientId: operatorClientCompanies.clientId, id: companies.id, name: companies.name })
      .from(operatorClientCompanies)
      .innerJoin(companies, eq(companies.id, operatorClientCompanies.companyId))
      .where(inArray(operatorClientCompanies.clientId, selected))
      .orderBy(asc(companies.name), asc(companies.id))
    for (const f of found) reach.get(f.clientId)?.push({ id: f.id, name: f.name })
  }
  return rows.map((row) => toOperatorClient(row, reach.get(row.id) ?? null))
}

function toOperatorClient(row: ClientRow, reach: { id: string; name: string }[] | null): OperatorClient {
  return {
    id: row.id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    tokenPrefix: row.tokenPrefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    status: row.revokedAt ? 'revoked' : 'active',
    companies: row.companyScope === 'selected' ? (reach ?? []) : null,
  }
}

export async function listOperatorClients(deps: Pick<Deps, 'db'>, userId: string): Promise<OperatorClient[]> {
  const rows = await deps.db
    .select()
    .from(operatorClients)
    .where(eq(operatorClients.userId, userId))
    .orderBy(desc(operatorClients.createdAt), desc(operatorClients.id))
  return toOperatorClients(deps, rows)
}

/** Only the owner of a client may revoke it; revoking twice is harmless. */
export async function revokeOperatorClient(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  clientId: string,
): Promise<OperatorClient> {
  return deps.db.write(async (tx) => {
    const [row] = await tx.select().from(operatorClients).where(eq(operatorClients.id, clientId)).limit(1)
    if (!row || row.userId !== userId) throw AppError.notFound('Operator client')
    if (!row.revokedAt) {
      const revokedAt = deps.clock.now().toISOString()
      await tx.update(operatorClients).set({ revokedAt }).where(eq(operatorClients.id, clientId))
      row.revokedAt = revokedAt
    }
    const [client] = await toOperatorClients(within(deps, tx), [row])
    return client!
  })
}
