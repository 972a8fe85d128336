import { z } from 'zod/mini'
import { CompanyStatusSchema, HealthSchema, LifecycleActionSchema } from './companies'
import { PageLimitSchema, pageOf } from './pagination'

/*
 * Runtime queues (issue 17 item 5, seed 003: "clear queue spikes in /admin/runtime"): the lifecycle
 * job queue per action, runtimes by health with the driver's capacity, and the agents' workloads
 * running in them, with spikes flagged by a documented rule and a drill-down into the jobs.
 */

/** Why a row is highlighted: failures well above the last day's hourly rate, or a deep queue. */
export const QueueSpikeSchema = z.nullable(z.enum(['failures', 'queue_depth']))
export type QueueSpike = z.infer<typeof QueueSpikeSchema>

/** The spike rule, shared so the mock flags what the BFF flags. */
export const SPIKE_RULE = {
  /** At least this many failures in the last hour… */
  minFailures: 3,
  /** …and this many times the hourly average of the 24 hours before it. */
  failureFactor: 3,
  /** Or at least this many jobs waiting for the action. */
  queueDepth: 5,
} as const

export function spikeOf(row: { queued: number; failedLastHour: number; failedPerHourBefore: number }): QueueSpike {
  if (row.failedLastHour >= SPIKE_RULE.minFailures && row.failedLastHour > SPIKE_RULE.failureFactor * row.failedPerHourBefore) {
    return 'failures'
  }
  return row.queued >= SPIKE_RULE.queueDepth ? 'queue_depth' : null
}

export const ActionQueueSchema = z.object({
  action: LifecycleActionSchema,
  queued: z.int(),
  running: z.int(),
  /** When the longest-waiting queued job was created; null when none waits. */
  oldestQueuedAt: z.nullable(z.string()),
  failedLastHour: z.int(),
  succeededLastHour: z.int(),
  /** Failures per hour over the 24 hours before the last one (the spike baseline). */
  failedPerHourBefore: z.number(),
  spike: QueueSpikeSchema,
})
export type ActionQueue = z.infer<typeof ActionQueueSchema>

export const RuntimeQueuesSchema = z.object({
  generatedAt: z.string(),
  /** Every lifecycle action, busiest first. */
  actions: z.array(ActionQueueSchema),
  totals: z.object({ queued: z.int(), running: z.int(), failedLastHour: z.int(), oldestQueuedAt: z.nullable(z.string()) }),
  runtimes: z.object({
    /** Exocorps that should have a runtime (running or paused), by health. */
    byHealth: z.record(HealthSchema, z.int()),
    capacity: z.object({ driver: z.string(), maxRuntimes: z.int(), running: z.int(), available: z.int() }),
  }),
  /** The agents' work inside the runtimes (their sandboxes), as the runtimes report it. */
  workloads: z.object({ starting: z.int(), running: z.int(), failedLastHour: z.int(), stoppedLastHour: z.int() }),
})
export type RuntimeQueues = z.infer<typeof RuntimeQueuesSchema>

export const QueueJobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed'])

/** `GET /api/admin/runtime/queues/jobs`: the drill-down, newest first. */
export const QueueJobsQuerySchema = z.strictObject({
  action: z.optional(LifecycleActionSchema),
  status: z.optional(QueueJobStatusSchema),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type QueueJobsQuery = z.infer<typeof QueueJobsQuerySchema>

export const QueueJobSchema = z.object({
  id: z.string(),
  action: LifecycleActionSchema,
  status: QueueJobStatusSchema,
  companyId: z.string(),
  companySlug: z.string(),
  companyStatus: CompanyStatusSchema,
  attempts: z.int(),
  error: z.nullable(z.string()),
  /** Which instance holds the job's lease while it runs. */
  leaseOwner: z.nullable(z.string()),
  createdAt: z.string(),
  startedAt: z.nullable(z.string()),
  finishedAt: z.nullable(z.string()),
})
export type QueueJob = z.infer<typeof QueueJobSchema>
export const QueueJobPageSchema = pageOf(QueueJobSchema)
export type QueueJobPage = z.infer<typeof QueueJobPageSchema>
