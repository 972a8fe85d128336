import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { CompanySummary, MyCompanyQuery } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import { companies, memberships } from '../../db/schema/companies'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { contains, likePattern } from './admin'
import { toSummaries } from './views'

const SORT_COLUMNS = {
  name: companies.name,
  createdAt: companies.createdAt,
  updatedAt: companies.updatedAt,
  status: companies.status,
} satisfies Record<MyCompanyQuery['sort'], SQLiteColumn>

/**
 * The exocorps a user owns or is a member of (destroyed ones are kept for audit, not listed):
 * filtered, sorted and keyset-paged on (sort column, id) like the admin list, so a page stays
 * stable while other rows change and a user with thousands of exocorps gets one page at a time.
 */
export async function listMyCompanies(
  deps: Pick<Deps, 'db'>,
  userId: string,
  query: MyCompanyQuery,
  /** The exocorps an agent limited to chosen ones may see; null: all of the user's. */
  only: ReadonlySet<string> | null = null,
): Promise<{ items: CompanySummary[]; nextCursor: string | null }> {
  const col = SORT_COLUMNS[query.sort]
  const ascending = query.order === 'asc'
  const direction = ascending ? asc : desc
  const beyond = (column: SQLiteColumn, value: string) => (ascending ? sql`${column} > ${value}` : sql`${column} < ${value}`)
  const where: (SQL | undefined)[] = [eq(memberships.userId, userId), ne(companies.status, 'destroyed')]
  if (only) where.push(inArray(companies.id, [...only]))
  if (query.status) where.push(eq(companies.status, query.status))
  if (query.channel) where.push(eq(companies.channel, query.channel))
  if (query.health) where.push(eq(companies.health, query.health))
  if (query.role) where.push(eq(memberships.role, query.role))
  if (query.q?.trim()) {
    const p = likePattern(query.q.trim().toLowerCase())
    where.push(or(contains(companies.name, p), contains(companies.slug, p)))
  }
  const after = decodeCursor(query.cursor, pairCursor)
  if (after) where.push(or(beyond(col, after[0]), and(sql`${col} = ${after[0]}`, beyond(companies.id, after[1]))))
  const rows = await deps.db
    .select({ row: companies, role: memberships.role, sortValue: sql<string>`${col}` })
    .from(memberships)
    .innerJoin(companies, eq(companies.id, memberships.companyId))
    .where(and(...where))
    .orderBy(direction(col), direction(companies.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: await toSummaries(deps, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortValue, last.row.id]) : null,
  }
}
