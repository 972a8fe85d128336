import { z } from 'zod/mini'

// Runtime logs (issue 15 item 6, decision 037): per exocorp, the runtime's stdout/stderr and the job
// worker's per-phase lines, the newest 10,000 kept. Owners read them (GET …/logs) and follow them
// live over the event stream (`log.line`); the runtime ships its lines with its own token.

export const LOG_RETAINED_LINES = 10_000

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error'])
export type LogLevel = z.infer<typeof LogLevelSchema>
export const LogSourceSchema = z.enum(['stdout', 'stderr', 'job'])
export type LogSource = z.infer<typeof LogSourceSchema>

export const LogLineSchema = z.object({
  id: z.string(),
  at: z.string(),
  level: LogLevelSchema,
  source: LogSourceSchema,
  /** The job (and its phase) a `job` line belongs to; null for the runtime's own lines. */
  jobId: z.nullable(z.string()),
  phase: z.nullable(z.string()),
  message: z.string(),
})
export type LogLine = z.infer<typeof LogLineSchema>

/** Oldest first. `after` pages forward; without it the newest `limit` lines come. */
export const LogPageSchema = z.object({ items: z.array(LogLineSchema) })
export type LogPage = z.infer<typeof LogPageSchema>

const digits = z.string().check(z.regex(/^[0-9]{1,16}$/, 'A line id'))

export const LogQuerySchema = z.strictObject({
  after: z.optional(digits),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 500),
  level: z.optional(LogLevelSchema),
  q: z.optional(z.string().check(z.maxLength(200))),
  jobId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
})
export type LogQuery = z.input<typeof LogQuerySchema>

/**
 * GET …/logs/download.txt | .ndjson (decision 039): every retained line (up to LOG_RETAINED_LINES),
 * oldest first, streamed; `minLevel` keeps that level and above, `q` and `jobId` filter like the list.
 */
export const LogDownloadQuerySchema = z.strictObject({
  minLevel: z.optional(LogLevelSchema),
  q: z.optional(z.string().check(z.maxLength(200))),
  jobId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
})
export type LogDownloadQuery = z.infer<typeof LogDownloadQuerySchema>
export type LogDownloadFormat = 'txt' | 'ndjson'

/** One line of the text download: time, level, source (or the job's phase), message. */
export function formatLogLine(l: Pick<LogLine, 'at' | 'level' | 'source' | 'phase' | 'message'>): string {
  return `${l.at} ${l.level.toUpperCase().padEnd(5)} ${l.source === 'job' ? `[${l.phase ?? 'job'}]` : `[${l.source}]`} ${l.message}`
}

/** POST /api/runtime/logs: a batch of the runtime's own lines (its token names the exocorp). */
export const RuntimeLogInputSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        at: z.iso.datetime(),
        level: LogLevelSchema,
        stream: z.enum(['stdout', 'stderr']),
        message: z.string().check(z.maxLength(4000)),
      }),
    )
    .check(z.minLength(1), z.maxLength(200)),
})
export type RuntimeLogInput = z.infer<typeof RuntimeLogInputSchema>

export const RuntimeLogAcceptedSchema = z.object({ accepted: z.int().check(z.nonnegative()) })
