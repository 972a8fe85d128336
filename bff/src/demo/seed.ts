import { count } from 'drizzle-orm'
import type { Deps } from '../deps'
import { users } from '../db/schema/accounts'
import { recordAudit, SYSTEM_ACTOR } from '../services/audit'
import { createUser } from '../services/accounts/users'
import { seedBillingDemo } from '../services/billing/demo'
import { seedDemoCompanies } from './companies'

export const DEMO_LOGINS = [
  {
    role: 'platform owner',
    email: 'admin@demo.exocorp.dev',
    password: 'demo-admin-pass',
    name: 'Ada Admin',
    platformRole: 'platform_owner' as const,
  },
  {
    role: 'owner',
    email: 'owner@demo.exocorp.dev',
    password: 'demo-owner-pass',
    name: 'Olive Owner',
    platformRole: 'user' as const,
  },
]

/** Populates an empty platform so a newcomer sees a working product; a no-op once anyone exists. */
export async function seedDemo(deps: Deps) {
  const existing = (await deps.db.select({ n: count() }).from(users))[0]?.n ?? 0
  if (existing > 0) return null
  let owner: { id: string; email: string } | null = null
  let platformOwner: { id: string; email: string } | null = null
  for (const login of DEMO_LOGINS) {
    const { user } = await createUser(deps, {
      email: login.email,
      name: login.name,
      password: login.password,
      role: login.platformRole,
    })
    await recordAudit(deps, {
      actor: SYSTEM_ACTOR,
      action: 'demo.user_created',
      target: { type: 'user', id: user.id },
      outcome: 'succeeded',
      summary: `Demo ${login.role} ${login.email} created`,
    })
    if (login.platformRole === 'user') owner = user
    else platformOwner = user
  }
  // Exocorps in several states, through the real engine, when a runtime driver is attached.
  if (owner && deps.lifecycle) await seedDemoCompanies(deps, owner)
  if (owner && platformOwner) {
    await seedBillingDemo(deps, { ownerUserId: owner.id, adminUserId: platformOwner.id, adminEmail: platformOwner.email })
  }
  return { logins: DEMO_LOGINS }
}
