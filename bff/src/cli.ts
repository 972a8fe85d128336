import { PlatformRoleSchema } from '@exocorp/shared/auth'
import { EmailSchema } from '@exocorp/shared/auth'
import { openConfiguredDb } from './db/client'
import { within } from './deps'
import { loadEnv } from './env'
import { systemClock } from './lib/clock'
import { recordAudit } from './services/audit'
import { findUserByEmail, setUserRole } from './services/accounts/users'

const USAGE = `Usage:
  pnpm exocorp grant-role <email> <admin|platform_owner>
  pnpm exocorp revoke-role <email>          (back to a plain user)
  pnpm exocorp runner --server <url> --token <enrollment token>`

async function main(argv: string[]): Promise<number> {
  const [command, rawEmail, rawRole] = argv
  // The runner needs no database: it talks to a platform over HTTP (decision 037).
  if (command === 'runner') return (await import('./runner/main')).runRunner(argv.slice(1))
  if (command !== 'grant-role' && command !== 'revoke-role') {
    console.error(USAGE)
    return 2
  }
  const email = EmailSchema.safeParse(rawEmail)
  const role = command === 'revoke-role' ? PlatformRoleSchema.safeParse('user') : PlatformRoleSchema.safeParse(rawRole)
  if (!email.success || !role.success || (command === 'grant-role' && role.data === 'user')) {
    console.error(USAGE)
    return 2
  }
  const db = await openConfiguredDb(loadEnv())
  try {
    const deps = { db, clock: systemClock }
    const user = await findUserByEmail(deps, email.data)
    if (!user) {
      console.error(`No account with email ${email.data}`)
      return 1
    }
    const before = user.role
    // The role and its audit row are one change: both land or neither does.
    await db.write(async (tx) => {
      const inTx = within(deps, tx)
      await setUserRole(inTx, user.id, role.data)
      await recordAudit(inTx, {
        actor: { type: 'system', id: null, label: `cli (${process.env.USER ?? 'unknown'})` },
        action: command === 'grant-role' ? 'user.role_granted' : 'user.role_revoked',
        target: { type: 'user', id: user.id },
        outcome: 'succeeded',
        summary: `${user.email}: role ${before} → ${role.data}`,
        details: { from: before, to: role.data },
      })
    })
    console.log(`${user.email}: ${before} → ${role.data}`)
    return 0
  } finally {
    await db.close()
  }
}

process.exitCode = await main(process.argv.slice(2))
