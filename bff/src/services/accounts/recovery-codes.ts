import { randomInt } from 'node:crypto'
import { and, count, eq, gt, isNull } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { pendingRecoveryKits, recoveryCodes } from '../../db/schema/accounts'
import { newId, sha256Hex } from '../../lib/crypto'
import { secretBoxFor } from '../../lib/secret-box'

// Crockford-style alphabet: no 0/O or 1/I/L to misread when typed from paper.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const CODE_COUNT = 10

function randomCode(): string {
  const groups = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''))
  return groups.join('-')
}

/** Codes are ~60 random bits each, so a fast hash is enough; only hashes are stored. */
function normalize(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

export async function issueRecoveryCodes(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<string[]> {
  const codes = Array.from({ length: CODE_COUNT }, randomCode)
  const createdAt = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
    await tx
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ id: newId(), userId, codeHash: sha256Hex(normalize(c)), createdAt })))
  })
  return codes
}

/** Unused recovery codes the user has left (told after a sign-in that spent one). */
export async function countUnusedRecoveryCodes(deps: Pick<Deps, 'db'>, userId: string): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  return Number(row?.n ?? 0)
}

/** Marks the code used and answers true, once; a used or unknown code answers false. */
export async function consumeRecoveryCode(deps: Pick<Deps, 'db' | 'clock'>, userId: string, code: string): Promise<boolean> {
  const used = await deps.db.write((tx) =>
    tx
      .update(recoveryCodes)
      .set({ usedAt: deps.clock.now().toISOString() })
      .where(
        and(
          eq(recoveryCodes.userId, userId),
          eq(recoveryCodes.codeHash, sha256Hex(normalize(code))),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id }),
  )
  return used.length > 0
}

/** How long a shown kit can be shown again to the same session before the user confirms saving it. */
const HOLD_MS = 60 * 60 * 1000
const kitAad = (sessionId: string) => `recovery-kit:${sessionId}`

/**
 * Keeps a kit that was just shown for the session that saw it, sealed with the platform key and
 * bound to that session, so reloading the page shows the same codes until the user confirms.
 */
export async function holdRecoveryKit(
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  sessionId: string,
  codes: string[],
): Promise<void> {
  const row = {
    sessionId,
    sealedCodes: secretBoxFor(deps.env).sealText(JSON.stringify(codes), kitAad(sessionId)),
    expiresAt: new Date(deps.clock.now().getTime() + HOLD_MS).toISOString(),
  }
  await deps.db.write((tx) =>
    tx
      .insert(pendingRecoveryKits)
      .values(row)
      .onConflictDoUpdate({
        target: pendingRecoveryKits.sessionId,
        set: { sealedCodes: row.sealedCodes, expiresAt: row.expiresAt },
      }),
  )
}

/** The kit this session was shown and has not confirmed saving, or null. */
export async function heldRecoveryKit(deps: Pick<Deps, 'db' | 'clock' | 'env'>, sessionId: string): Promise<string[] | null> {
  const [row] = await deps.db
    .select()
    .from(pendingRecoveryKits)
    .where(and(eq(pendingRecoveryKits.sessionId, sessionId), gt(pendingRecoveryKits.expiresAt, deps.clock.now().toISOString())))
  const opened = row ? secretBoxFor(deps.env).openText(row.sealedCodes, kitAad(sessionId)) : null
  return opened === null ? null : (JSON.parse(opened) as string[])
}

/** The user confirmed saving the kit: it is never shown again. Answers whether one was held. */
export async function releaseRecoveryKit(deps: Pick<Deps, 'db'>, sessionId: string): Promise<boolean> {
  const gone = await deps.db.write((tx) =>
    tx
      .delete(pendingRecoveryKits)
      .where(eq(pendingRecoveryKits.sessionId, sessionId))
      .returning({ id: pendingRecoveryKits.sessionId }),
  )
  return gone.length > 0
}
