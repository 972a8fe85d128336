import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm'
import { LOG_RETAINED_LINES, type LogLevel, type LogLine, type LogQuery, type LogSource } from '@exocorp/shared/logs'
import type { Db } from '../db/client'
import type { Deps } from '../deps'
import { runtimeLogLines } from '../db/schema/logs'

// Runtime logs (decision 037): lines stored per exocorp, the newest LOG_RETAINED_LINES kept. An
// insert trigger (migration 0016) turns each line into an owner-scope `log.line` event.

export interface NewLogLine {
  at: string
  level: LogLevel
  source: LogSource
  jobId?: string | null
  phase?: string | null
  message: string
}

const MAX_MESSAGE = 4000

/** Control characters other than tab become spaces. */
function oneLine(s: string): string {
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0)!
    out += (code < 32 && code !== 9) || code === 127 ? ' ' : ch
  }
  return out
}

type Row = typeof runtimeLogLines.$inferSelect

function toLine(r: Row): LogLine {
  return { id: String(r.id), at: r.at, level: r.level, source: r.source, jobId: r.jobId, phase: r.phase, message: r.message }
}

/** Appends lines inside `tx` (the caller's transaction), then drops what falls out of the window. */
export async function appendLogLines(tx: Db, companyId: string, lines: readonly NewLogLine[]): Promise<number> {
  if (lines.length === 0) return 0
  await tx.insert(runtimeLogLines).values(
    lines.map((l) => ({
      companyId,
      at: l.at,
      level: l.level,
      source: l.source,
      jobId: l.jobId ?? null,
      phase: l.phase ?? null,
      message: oneLine(l.message).slice(0, MAX_MESSAGE),
    })),
  )
  // Rotation: the id of the oldest line still kept; everything older goes (index-backed).
  const [edge] = await tx
    .select({ id: runtimeLogLines.id })
    .from(runtimeLogLines)
    .where(eq(runtimeLogLines.companyId, companyId))
    .orderBy(desc(runtimeLogLines.id))
    .limit(1)
    .offset(LOG_RETAINED_LINES - 1)
  if (edge) await tx.delete(runtimeLogLines).where(and(eq(runtimeLogLines.companyId, companyId), lt(runtimeLogLines.id, edge.id)))
  return lines.length
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

export async function listLogLines(
  deps: Pick<Deps, 'db'>,
  companyId: string,
  query: {
    after?: string | undefined
    limit: number
    level?: LogLevel | undefined
    q?: string | undefined
    jobId?: string | undefined
  },
): Promise<LogLine[]> {
  const where = [eq(runtimeLogLines.companyId, companyId)]
  if (query.level) where.push(eq(runtimeLogLines.level, query.level))
  if (query.jobId) where.push(eq(runtimeLogLines.jobId, query.jobId))
  if (query.q) where.push(sql`lower(${runtimeLogLines.message}) LIKE ${`%${escapeLike(query.q.toLowerCase())}%`} ESCAPE '\\'`)
  if (query.after !== undefined) {
    where.push(gt(runtimeLogLines.id, Number(query.after)))
    const rows = await deps.db
      .select()
      .from(runtimeLogLines)
      .where(and(...where))
      .orderBy(asc(runtimeLogLines.id))
      .limit(query.limit)
    return rows.map(toLine)
  }
  const rows = await deps.db
    .select()
    .from(runtimeLogLines)
    .where(and(...where))
    .orderBy(desc(runtimeLogLines.id))
    .limit(query.limit)
  return rows.reverse().map(toLine)
}

export type { LogQuery }
