import { and, asc, desc, eq, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm'
import {
  formatLogLine,
  LOG_RETAINED_LINES,
  LogLevelSchema,
  type LogDownloadFormat,
  type LogDownloadQuery,
  type LogLevel,
  type LogLine,
  type LogQuery,
  type LogSource,
} from '@exocorp/shared/logs'
import { within, type Deps } from '../deps'
import { runtimeLogLines } from '../db/schema/logs'
import { redactorFor } from '../lib/redact'
import { boundSecretValues } from './catalog/secrets'

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

/**
 * Appends lines inside `deps.db` (the caller's transaction), then drops what falls out of the window.
 * Each message is redacted first (decision 039): the exocorp's bound credentials in any common
 * encoding and anything shaped like a credential never reach the table, so nor the event stream, the
 * Logs tab or a download.
 */
export async function appendLogLines(
  deps: Pick<Deps, 'db' | 'env'>,
  companyId: string,
  lines: readonly NewLogLine[],
): Promise<number> {
  if (lines.length === 0) return 0
  const tx = deps.db
  const redact = redactorFor(await boundSecretValues(deps, companyId))
  await tx.insert(runtimeLogLines).values(
    lines.map((l) => ({
      companyId,
      at: l.at,
      level: l.level,
      source: l.source,
      jobId: l.jobId ?? null,
      phase: l.phase ?? null,
      message: redact(oneLine(l.message)).slice(0, MAX_MESSAGE),
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

/** The runtime's own stdout/stderr lines (POST /api/runtime/logs), in one transaction. */
export function shipRuntimeLogLines(
  deps: Pick<Deps, 'db' | 'env'>,
  companyId: string,
  lines: readonly { at: string; level: LogLevel; stream: 'stdout' | 'stderr'; message: string }[],
): Promise<number> {
  return deps.db.write((tx) =>
    appendLogLines(
      within(deps, tx),
      companyId,
      lines.map((l) => ({ at: l.at, level: l.level, source: l.stream, message: l.message })),
    ),
  )
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

const DOWNLOAD_BATCH = 1000

/**
 * The whole retained log of an exocorp (decision 039), oldest first, in keyset batches of
 * DOWNLOAD_BATCH pulled by the consumer (one batch in memory). It stops at the newest line that
 * existed when it started, so a chatty runtime cannot make a download endless.
 */
export async function streamLogDownload(
  deps: Pick<Deps, 'db'>,
  companyId: string,
  query: LogDownloadQuery,
  format: LogDownloadFormat,
): Promise<ReadableStream<Uint8Array>> {
  const where: SQL[] = [eq(runtimeLogLines.companyId, companyId)]
  if (query.minLevel) {
    const levels = LogLevelSchema.options
    where.push(inArray(runtimeLogLines.level, levels.slice(levels.indexOf(query.minLevel))))
  }
  if (query.jobId) where.push(eq(runtimeLogLines.jobId, query.jobId))
  if (query.q) where.push(sql`lower(${runtimeLogLines.message}) LIKE ${`%${escapeLike(query.q.toLowerCase())}%`} ESCAPE '\\'`)
  const [newest] = await deps.db
    .select({ id: runtimeLogLines.id })
    .from(runtimeLogLines)
    .where(eq(runtimeLogLines.companyId, companyId))
    .orderBy(desc(runtimeLogLines.id))
    .limit(1)
  const encoder = new TextEncoder()
  let after = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!newest) return controller.close()
        const rows = await deps.db
          .select()
          .from(runtimeLogLines)
          .where(and(...where, gt(runtimeLogLines.id, after), lte(runtimeLogLines.id, newest.id)))
          .orderBy(asc(runtimeLogLines.id))
          .limit(DOWNLOAD_BATCH)
        let out = ''
        for (const r of rows) out += (format === 'ndjson' ? JSON.stringify(toLine(r)) : formatLogLine(r)) + '\n'
        if (out) controller.enqueue(encoder.encode(out))
        const last = rows.at(-1)
        if (rows.length < DOWNLOAD_BATCH || !last) controller.close()
        else after = last.id
      },
    },
    { highWaterMark: 1 },
  )
}

export type { LogQuery }
