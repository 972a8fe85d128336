import { count, eq } from 'drizzle-orm'
import type { Me, PlatformRole } from '@exocorp/shared/auth'
import { within, type Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { isUniqueViolation } from '../../db/portable'
import { AppError } from '../../lib/errors'
import { newId } from '../../lib/crypto'
import { openBillingAccount } from '../billing/accounts'
import { hashPassword } from './passwords'
import { issueRecoveryCodes } from './recovery-codes'
import type { UserRow } from './sessions'

export async function findUserByEmail(deps: Pick<Deps, 'db'>, email: string): Promise<UserRow | null> {
  return (await deps.db.select().from(users).where(eq(users.email, email)).limit(1))[0] ?? null
}

export async function findUserById(deps: Pick<Deps, 'db'>, id: string): Promise<UserRow | null> {
  return (await deps.db.select().from(users).where(eq(users.id, id)).limit(1))[0] ?? null
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
  try {
    return await deps.db.write(async (tx) => {
      const inTx = within(deps, tx)
      if (await findUserByEmail(inTx, input.email)) throw emailTaken()
      const total = (await tx.select({ n: count() }).from(users))[0]?.n ?? 0
      const now = deps.clock.now().toISOString()
      const user: UserRow = {
        id: newId(),
        email: input.email,
        name: input.name,
        passwordHash,
        role: input.role ?? (total === 0 ? 'platform_owner' : 'user'),
        disabledAt: null,
        lastSignInAt: now,
        createdAt: now,
        updatedAt: now,
      }
      await tx.insert(users).values(user)
      await openBillingAccount(inTx, user.id)
      const recoveryCodes = await issueRecoveryCodes(inTx, user.id)
      return { user, recoveryCodes }
    })
  } catch (err) {
    // Two signups with one email at once on PostgreSQL: both pass the lookup, the unique index decides.
    if (isUniqueViolation(err)) throw emailTaken()
    throw err
  }
}

function emailTaken() {
  return AppError.conflict('email_taken', 'An account with this email already exists', {
    fields: { email: ['An account with this email already exists'] },
  })
}

export async function setUserRole(deps: Pick<Deps, 'db' | 'clock'>, userId: string, role: PlatformRole): Promise<void> {
  await deps.db.write(async (tx) => {
    await tx.update(users).set({ role, updatedAt: deps.clock.now().toISOString() }).where(eq(users.id, userId))
  })
}

export async function setUserDisabled(deps: Pick<Deps, 'db' | 'clock'>, userId: string, disabled: boolean): Promise<void> {
  const now = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await tx
      .update(users)
      .set({ disabledAt: disabled ? now : null, updatedAt: now })
      .where(eq(users.id, userId))
  })
}

export function toMe(
  user: UserRow,
  reauthenticatedAt: string | null,
  via: Me['via'],
  mustSetPassword = false,
  recoveryCodesRemaining?: number,
): Me {
  const roles: PlatformRole[] =
    user.role === 'platform_owner' ? ['user', 'admin', 'platform_owner'] : user.role === 'admin' ? ['user', 'admin'] : ['user']
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt },
    roles,
    isPlatformOwner: user.role === 'platform_owner',
    isAdmin: user.role !== 'user',
    reauthenticatedAt,
    via,
    mustSetPassword,
    ...(recoveryCodesRemaining === undefined ? {} : { recoveryCodesRemaining }),
  }
}

export async function recordSignIn(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    await tx.update(users).set({ lastSignInAt: deps.clock.now().toISOString() }).where(eq(users.id, userId))
  })
}
