import { count, eq } from 'drizzle-orm'
import type { Me, PlatformRole } from '@exocorp/shared/auth'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { writeTx } from '../../db/client'
import { AppError } from '../../lib/errors'
import { newId } from '../../lib/crypto'
import { openBillingAccount } from '../billing/accounts'
import { hashPassword } from './passwords'
import { issueRecoveryCodes } from './recovery-codes'
import type { UserRow } from './sessions'

export function findUserByEmail(deps: Pick<Deps, 'db'>, email: string): UserRow | null {
  return deps.db.select().from(users).where(eq(users.email, email)).get() ?? null
}

export function findUserById(deps: Pick<Deps, 'db'>, id: string): UserRow | null {
  return deps.db.select().from(users).where(eq(users.id, id)).get() ?? null
}

export interface CreatedUser {
  user: UserRow
  recoveryCodes: string[]
}

/**
 * Creates a user with a billing account, signup credit and a recovery kit, in one transaction.
 * The first account on an empty platform becomes its platform owner.
 */
export async function createUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { email: string; name: string; password: string; role?: PlatformRole },
): Promise<CreatedUser> {
  const passwordHash = await hashPassword(input.password)
  return writeTx(deps.db, () => {
    if (findUserByEmail(deps, input.email)) {
      throw AppError.conflict('email_taken', 'An account with this email already exists', {
        fields: { email: ['An account with this email already exists'] },
      })
    }
    const total = deps.db.select({ n: count() }).from(users).get()?.n ?? 0
    const now = deps.clock.now().toISOString()
    const user: UserRow = {
      id: newId(),
      email: input.email,
      name: input.name,
      passwordHash,
      role: input.role ?? (total === 0 ? 'platform_owner' : 'user'),
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
    }
    deps.db.insert(users).values(user).run()
    openBillingAccount(deps, user.id)
    const recoveryCodes = issueRecoveryCodes(deps, user.id)
    return { user, recoveryCodes }
  })
}

export function setUserRole(deps: Pick<Deps, 'db' | 'clock'>, userId: string, role: PlatformRole) {
  deps.db.update(users).set({ role, updatedAt: deps.clock.now().toISOString() }).where(eq(users.id, userId)).run()
}

export function setUserDisabled(deps: Pick<Deps, 'db' | 'clock'>, userId: string, disabled: boolean) {
  const now = deps.clock.now().toISOString()
  deps.db
    .update(users)
    .set({ disabledAt: disabled ? now : null, updatedAt: now })
    .where(eq(users.id, userId))
    .run()
}

export function toMe(user: UserRow, reauthenticatedAt: string | null, via: Me['via']): Me {
  const roles: PlatformRole[] =
    user.role === 'platform_owner' ? ['user', 'admin', 'platform_owner'] : user.role === 'admin' ? ['user', 'admin'] : ['user']
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt },
    roles,
    isPlatformOwner: user.role === 'platform_owner',
    isAdmin: user.role !== 'user',
    reauthenticatedAt,
    via,
  }
}
