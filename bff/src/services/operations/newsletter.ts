import { asc, count, eq } from 'drizzle-orm'
import type { NewsletterPreference } from '@exocorp/shared/platform-ops'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { newsletterSubscriptions } from '../../db/schema/operations'

// Newsletter opt-in (issue 19 item 3, decision 043): a person opts in or out in their profile; a
// platform owner exports the subscribers as CSV (behind a fresh step-up: it is a list of emails).

export async function newsletterPreferenceOf(deps: Pick<Deps, 'db'>, userId: string): Promise<NewsletterPreference> {
  const [row] = await deps.db.select().from(newsletterSubscriptions).where(eq(newsletterSubscriptions.userId, userId))
  return { optedIn: Boolean(row), since: row?.optedInAt ?? null }
}

export async function setNewsletterPreference(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  optedIn: boolean,
): Promise<NewsletterPreference> {
  await deps.db.write(async (tx) => {
    if (optedIn) {
      await tx.insert(newsletterSubscriptions).values({ userId, optedInAt: deps.clock.now().toISOString() }).onConflictDoNothing()
    } else {
      await tx.delete(newsletterSubscriptions).where(eq(newsletterSubscriptions.userId, userId))
    }
  })
  return newsletterPreferenceOf(deps, userId)
}

export async function newsletterSubscriberCount(deps: Pick<Deps, 'db'>): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(newsletterSubscriptions)
  return Number(row?.n ?? 0)
}

/** A CSV cell that a spreadsheet will not run as a formula, quoted when it needs to be. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** `email,name,opted_in_at`, one row per subscriber with an enabled account, oldest first. */
export async function newsletterCsv(deps: Pick<Deps, 'db'>): Promise<{ csv: string; rows: number }> {
  const rows = await deps.db
    .select({ email: users.email, name: users.name, disabledAt: users.disabledAt, optedInAt: newsletterSubscriptions.optedInAt })
    .from(newsletterSubscriptions)
    .innerJoin(users, eq(users.id, newsletterSubscriptions.userId))
    .orderBy(asc(newsletterSubscriptions.optedInAt), asc(users.email))
  const live = rows.filter((r) => r.disabledAt === null)
  const lines = ['email,name,opted_in_at', ...live.map((r) => [r.email, r.name, r.optedInAt].map(csvCell).join(','))]
  return { csv: `${lines.join('\r\n')}\r\n`, rows: live.length }
}
