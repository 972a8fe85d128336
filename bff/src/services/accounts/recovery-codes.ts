import { randomInt } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { recoveryCodes } from '../../db/schema/accounts'
import { newId, sha256Hex } from '../../lib/crypto'

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
