import { sql, type SQL } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { execute } from '../../db/portable'
import { addMonths } from '@exocorp/shared/usage'

/*
 * The cumulative monthly rollup (decisions 057 and 065, migration 0044 / pg 0039): a row per month and
 * key — a billed account or an exocorp — holds everything the key used through the end of that month,
 * so a run of whole months is the difference of two rows per key. Reads need the months they touch to
 * be "carried" — every key with usage so far has a row in them — and this module carries them, once per month,
 * before the first read that needs one (the trigger keeps carried months whole from then on).
 */

/** The figures every usage rollup row sums. */
export const SUM_COLUMNS = ['events', 'errors', 'input_tokens', 'output_tokens', 'cost_micros'] as const
const FIGURES = sql.raw(SUM_COLUMNS.join(', '))
/** The trailing bases of each row (decision 067): the key's figures through 3 and 12 months before. */
export const TRAILING_MONTHS = [3, 12] as const
const BASES = sql.raw(TRAILING_MONTHS.flatMap((n) => SUM_COLUMNS.map((c) => `base${n}_${c}`)).join(', '))
const baseValues = sql.raw(TRAILING_MONTHS.flatMap((n) => SUM_COLUMNS.map((c) => `coalesce(b${n}.${c}, 0)`)).join(', '))

/** The advisory lock a carry holds exclusively and every usage insert shares on PostgreSQL (pg/0034). */
const CARRY_LOCK = 5900591

function monthsFrom(first: string, last: string): string[] {
  const out: string[] = []
  for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m)
  return out
}

/** A statement that answers no rows, on either database. */
const run = (q: Deps['db'], statement: SQL) =>
  q.sqlDialect === 'postgres' ? execute(q, statement) : (q as unknown as { run(s: SQL): Promise<unknown> }).run(statement)

type Probe = { first: string | null; carried: unknown }

/** Makes every month from the first with usage through `through` carried; a no-op read when they are. */
export async function carryCumulative(deps: Pick<Deps, 'db'>, through: string): Promise<void> {
  const probe = async (q: Deps['db']) => {
    const [row] = await execute<Probe>(
      q,
      sql`SELECT f.first AS first, (SELECT count(*) FROM usage_cumulative_months WHERE month >= f.first AND month <= ${through}) AS carried
          FROM (SELECT min(month) AS first FROM usage_cumulative_monthly) AS f`,
    )
    const first = row?.first ?? null
    const wanted = first && first <= through ? monthsFrom(first, through) : []
    return { first, wanted, whole: wanted.length === Number(row?.carried ?? 0) }
  }
  if ((await probe(deps.db)).whole) return
  await deps.db.write(async (tx) => {
    if (tx.sqlDialect === 'postgres') await execute(tx, sql`SELECT pg_advisory_xact_lock(${CARRY_LOCK}::bigint)`)
    const { first, wanted } = await probe(tx)
    if (!first) return
    const done = new Set(
      (
        await execute<{ month: string }>(
          tx,
          sql`SELECT month FROM usage_cumulative_months WHERE month >= ${first} AND month <= ${through}`,
        )
      ).map((r) => r.month),
    )
    for (const month of wanted) {
      if (done.has(month)) continue
      // The first month with usage is whole already: every key used in it has its row.
      if (month !== first) {
        await run(
          tx,
          // The trailing bases (decision 067) are the key's rows 3 and 12 months back: those months are
          // carried already (this loop runs in order), so a key with usage by then has its row there.
          sql`INSERT INTO usage_cumulative_monthly (month, dimension, key_id, ${FIGURES}, ${BASES})
              SELECT ${month}, p.dimension, p.key_id, ${sql.raw(SUM_COLUMNS.map((c) => `p.${c}`).join(', '))}, ${baseValues}
              FROM usage_cumulative_monthly p
              ${sql.join(
                TRAILING_MONTHS.map((n) => {
                  const b = sql.raw(`b${n}`)
                  return sql`LEFT JOIN usage_cumulative_monthly ${b}
                    ON ${b}.month = ${addMonths(month, -n)} AND ${b}.dimension = p.dimension AND ${b}.key_id = p.key_id`
                }),
                sql` `,
              )}
              WHERE p.month = ${addMonths(month, -1)}
              ON CONFLICT (month, dimension, key_id) DO NOTHING`,
        )
      }
      await run(tx, sql`INSERT INTO usage_cumulative_months (month) VALUES (${month}) ON CONFLICT (month) DO NOTHING`)
    }
  })
}
