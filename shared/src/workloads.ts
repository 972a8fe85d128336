import { z } from 'zod/mini'

// Workloads and runners (issue 15 items 4 and 5, decision 037).

export const WorkloadStatusSchema = z.enum(['starting', 'running', 'stopped', 'failed'])
export type WorkloadStatus = z.infer<typeof WorkloadStatusSchema>

/** Where a workload runs: the runner executing it (decision 039), or null for the exocorp's runtime. */
export const WorkloadRunnerSchema = z.object({ id: z.string(), name: z.string() })
export type WorkloadRunner = z.infer<typeof WorkloadRunnerSchema>

export const WorkloadSchema = z.object({
  id: z.string(),
  agent: z.string(),
  title: z.string(),
  status: WorkloadStatusSchema,
  startedAt: z.string(),
  finishedAt: z.nullable(z.string()),
  runner: z.nullable(WorkloadRunnerSchema),
})
export type Workload = z.infer<typeof WorkloadSchema>

/** One keyset page; follow `nextCursor` (null on the last page) with the same filters and sort. */
export const WorkloadListSchema = z.object({ items: z.array(WorkloadSchema), nextCursor: z.nullable(z.string()) })
export type WorkloadList = z.infer<typeof WorkloadListSchema>

export const WorkloadQuerySchema = z.strictObject({
  status: z.optional(WorkloadStatusSchema),
  sort: z._default(z.enum(['startedAt', 'agent', 'status']), 'startedAt'),
  order: z._default(z.enum(['asc', 'desc']), 'desc'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(300))),
})
export type WorkloadQuery = z.input<typeof WorkloadQuerySchema>

/** POST /api/runtime/workloads: the runtime's own id; a report with a known id moves its status on. */
export const ReportWorkloadInputSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'Use 8–64 letters, digits, _ or -')),
  agent: z.string().check(z.minLength(1), z.maxLength(100)),
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  status: WorkloadStatusSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.optional(z.iso.datetime()),
})
export type ReportWorkloadInput = z.infer<typeof ReportWorkloadInputSchema>

export const RunnerStatusSchema = z.enum(['pending', 'enrolled', 'offline', 'revoked'])
export type RunnerStatus = z.infer<typeof RunnerStatusSchema>

export const RunnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: RunnerStatusSchema,
  hostname: z.nullable(z.string()),
  version: z.nullable(z.string()),
  createdAt: z.string(),
  enrolledAt: z.nullable(z.string()),
  lastHeartbeatAt: z.nullable(z.string()),
})
export type Runner = z.infer<typeof RunnerSchema>

export const RunnerListSchema = z.object({ items: z.array(RunnerSchema) })
export type RunnerList = z.infer<typeof RunnerListSchema>

export const CreateRunnerInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Name the runner'), z.maxLength(60)),
})
export type CreateRunnerInput = z.infer<typeof CreateRunnerInputSchema>

/** The enrollment token is shown once: only its SHA-256 is stored. */
export const IssuedRunnerSchema = z.object({ runner: RunnerSchema, enrollmentToken: z.string() })
export type IssuedRunner = z.infer<typeof IssuedRunnerSchema>

export const RunnerPathSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  runnerId: z.string().check(z.minLength(1), z.maxLength(100)),
})

/** POST /api/runtime/runners/enroll: a runner trades its one-time token for a secret of its own. */
export const EnrollRunnerInputSchema = z.strictObject({
  token: z.string().check(z.minLength(10), z.maxLength(200)),
  hostname: z.string().check(z.minLength(1), z.maxLength(200)),
  version: z.string().check(z.minLength(1), z.maxLength(50)),
  heartbeatMs: z.int().check(z.minimum(100), z.maximum(300_000)),
})
export const EnrolledRunnerSchema = z.object({ runnerId: z.string(), secret: z.string() })

export const RunnerHeartbeatSchema = z.object({ ok: z.literal(true), status: RunnerStatusSchema })

/**
 * POST /api/registry/companies/:id/workloads (owners, decision 053): a workload waiting in the
 * exocorp's queue until one of its enrolled runners claims it.
 */
export const EnqueueWorkloadInputSchema = z.strictObject({
  agent: z.string().check(z.trim(), z.minLength(1, 'Name the agent'), z.maxLength(100)),
  title: z.string().check(z.trim(), z.minLength(1, 'Give the workload a title'), z.maxLength(200)),
})
export type EnqueueWorkloadInput = z.infer<typeof EnqueueWorkloadInputSchema>

export const QueuedWorkloadSchema = z.object({
  id: z.string(),
  agent: z.string(),
  title: z.string(),
  status: z.literal('queued'),
  queuedAt: z.string(),
})
export type QueuedWorkload = z.infer<typeof QueuedWorkloadSchema>

/** GET …/workloads/queue: what waits for a runner, oldest (next to be claimed) first. */
export const QueuedWorkloadListSchema = z.object({ items: z.array(QueuedWorkloadSchema) })
export type QueuedWorkloadList = z.infer<typeof QueuedWorkloadListSchema>

/** POST /api/runtime/runners/claim: the workload the runner now runs (already `starting`), or null. */
export const ClaimedWorkloadSchema = z.object({
  workload: z.nullable(z.object({ id: z.string(), agent: z.string(), title: z.string(), startedAt: z.string() })),
})
export type ClaimedWorkload = z.infer<typeof ClaimedWorkloadSchema>
