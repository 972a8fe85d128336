import { eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { isUniqueViolation } from '../../db/portable'
import { AppError } from '../../lib/errors'
import { hashPassword } from './passwords'
import type { UserRow } from './sessions'

export function emailTaken() {
  return AppError.conflict('email_taken', 'An account with this email already exists', {
    fields: { email: ['An account with this email already exists'] },
  })
}

/** Name and/or email; the caller has checked the password for an email change. */
export async function updateProfile(
  deps: Pick<Deps, 'db' | 'clock'>,
  user: UserRow,
  patch: { name?: string; email?: string },
): Promise<UserRow> {
  const set: Partial<UserRow> = {}
  if (patch.name !== undefined && patch.name !== user.name) set.name = patch.name
  if (patch.email !== undefined && patch.email !== user.email) set.email = patch.email
  if (Object.keys(set).length === 0) return user
  set.updatedAt = deps.clock.now().toISOString()
  try {
    await deps.db.write(async (tx) => {
      if (set.email) {
        const [other] = await tx.select({ id: users.id }).from(users).where(eq(users.email, set.email)).limit(1)
        if (other) throw emailTaken()
      }
      await tx.update(users).set(set).where(eq(users.id, user.id))
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken()
    throw err
  }
  return { ...user, ...set }
}

export async function setPassword(deps: Pick<Deps, 'db' | 'clock'>, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password)
  await deps.db.write(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: deps.clock.now().toISOString() }).where(eq(users.id, userId))
  })
}
