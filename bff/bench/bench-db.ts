/**
 * What every database benchmark shares: the database this run measures (SQLite in a temp dir, or
 * a schema of its own in the PostgreSQL database run.ts creates for the run and drops after it), and one way
 * to report a figure so run.ts can print both databases side by side.
 */
import { randomBytes } from 'node:crypto'
import { openDb, type Db } from '../src/db/client'
import { dialect } from '../src/db/schema/dialect'

let schema: string | null = null

/** A fresh database in `dir` (or a fresh PostgreSQL schema), or the one `reuse` names (a kept bench's schema or dir). */
export async function openBenchDb(dir: string, reuse?: string): Promise<Db> {
  const url = process.env.DATABASE_URL
  if (!url) return openDb({ file: `${dir}/bench.db` })
  schema = reuse ?? `bench_${randomBytes(4).toString('hex')}`
  return openDb({ url, pgSchema: schema, poolSize: 10 })
}

/** The PostgreSQL schema the bench opened (null on SQLite). */
export const benchSchema = () => schema

/** One figure for run.ts's side-by-side table (and a readable line for whoever runs the file alone). */
export function report(name: string, value: number, unit: string) {
  console.log(`BENCH ${JSON.stringify({ name, value, unit, db: dialect })}`)
}
