import { z } from 'zod/mini'
import { AdminNotificationKindSchema, AdminNotificationSeveritySchema, AdminNotificationStateSchema } from './admin-notifications'
import { BillingStateSchema } from './billing'
import { CompanyStatusSchema, HealthSchema, JobPhaseSchema, LifecycleActionSchema } from './companies'
import { LogLevelSchema, LogSourceSchema } from './logs'
import { NotificationKindSchema } from './notifications'
import { RunnerStatusSchema, WorkloadRunnerSchema, WorkloadStatusSchema } from './workloads'

// The live event stream `GET /api/events` (WebSocket, decision 030): what the server sends. Every
// platform event carries a monotonic `id`; a client that reconnects with `?lastEventId=<id>` gets
// what it missed, in order, or a `resync` when that is older than the replay window.

const eventBase = { id: z.int().check(z.positive()), at: z.string() }

export const CompanyCreatedEventSchema = z.object({
  ...eventBase,
  type: z.literal('company.created'),
  companyId: z.string(),
  data: z.object({ status: CompanyStatusSchema, health: HealthSchema }),
})

export const CompanyStatusEventSchema = z.object({
  ...eventBase,
  type: z.literal('company.status'),
  companyId: z.string(),
  data: z.object({
    status: CompanyStatusSchema,
    health: HealthSchema,
    previousStatus: CompanyStatusSchema,
    previousHealth: HealthSchema,
  }),
})

export const JobProgressEventSchema = z.object({
  ...eventBase,
  type: z.literal('job.progress'),
  companyId: z.string(),
  data: z.object({
    jobId: z.string(),
    action: LifecycleActionSchema,
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    phases: z.array(JobPhaseSchema),
  }),
})

/** A new audit row about one of your exocorps (owners; admins). Read the row through the audit API. */
export const AuditCreatedEventSchema = z.object({
  ...eventBase,
  type: z.literal('audit.created'),
  companyId: z.string(),
  data: z.object({ auditId: z.string(), action: z.string(), outcome: z.enum(['succeeded', 'failed']) }),
})

/** Your own billing account changed state (current / grace / restricted / suspended). */
export const BillingStateEventSchema = z.object({
  ...eventBase,
  type: z.literal('billing.state'),
  data: z.object({ state: BillingStateSchema, previousState: BillingStateSchema }),
})

/** A notification for you (decision 037): read the list through the notifications API. */
export const NotificationCreatedEventSchema = z.object({
  ...eventBase,
  type: z.literal('notification.created'),
  data: z.object({
    notificationId: z.string(),
    kind: NotificationKindSchema,
    companyId: z.nullable(z.string()),
    title: z.string(),
  }),
})

/** One of your notifications was marked read (in this tab or another). */
export const NotificationReadEventSchema = z.object({
  ...eventBase,
  type: z.literal('notification.read'),
  data: z.object({ notificationId: z.string() }),
})

/** A runtime or job log line of one of your exocorps (owners; admins). */
export const LogLineEventSchema = z.object({
  ...eventBase,
  type: z.literal('log.line'),
  companyId: z.string(),
  data: z.object({
    lineId: z.string(),
    level: LogLevelSchema,
    source: LogSourceSchema,
    jobId: z.nullable(z.string()),
    phase: z.nullable(z.string()),
    message: z.string(),
  }),
})

/** A workload of one of your exocorps started or changed status (members; a read). */
export const WorkloadStatusEventSchema = z.object({
  ...eventBase,
  type: z.literal('workload.status'),
  companyId: z.string(),
  data: z.object({
    workloadId: z.string(),
    agent: z.string(),
    title: z.string(),
    status: WorkloadStatusSchema,
    startedAt: z.string(),
    finishedAt: z.nullable(z.string()),
    /** Where it runs (decision 039); absent in events written before placement existed. */
    runner: z.optional(z.nullable(WorkloadRunnerSchema)),
  }),
})

/** A runner of one of your exocorps was created or changed status (owners). */
export const RunnerStatusEventSchema = z.object({
  ...eventBase,
  type: z.literal('runner.status'),
  companyId: z.string(),
  data: z.object({
    runnerId: z.string(),
    name: z.string(),
    status: RunnerStatusSchema,
    previousStatus: z.nullable(RunnerStatusSchema),
  }),
})

/** A platform notification was raised, repeated or changed state (admins only). */
export const AdminNotificationChangedEventSchema = z.object({
  ...eventBase,
  type: z.literal('admin_notification.changed'),
  data: z.object({
    notificationId: z.string(),
    kind: AdminNotificationKindSchema,
    severity: AdminNotificationSeveritySchema,
    state: AdminNotificationStateSchema,
    occurrences: z.int(),
    companyId: z.nullable(z.string()),
    title: z.string(),
  }),
})

/**
 * The platform applied a newer snapshot of one of your exocorp's stores (members; admins; decision
 * 060): its headline figures. Read the store (revenue per day, stale) through the commerce API.
 */
export const StoreSnapshotEventSchema = z.object({
  ...eventBase,
  type: z.literal('store.snapshot'),
  companyId: z.string(),
  data: z.object({
    storeId: z.string(),
    storeName: z.string(),
    sequence: z.int(),
    currency: z.string(),
    productCount: z.int(),
    orderCount: z.int(),
    revenueMinor: z.int(),
    lastOrderAt: z.nullable(z.string()),
  }),
})

export const PlatformEventSchema = z.discriminatedUnion('type', [
  CompanyCreatedEventSchema,
  CompanyStatusEventSchema,
  JobProgressEventSchema,
  AuditCreatedEventSchema,
  BillingStateEventSchema,
  NotificationCreatedEventSchema,
  NotificationReadEventSchema,
  LogLineEventSchema,
  WorkloadStatusEventSchema,
  RunnerStatusEventSchema,
  AdminNotificationChangedEventSchema,
  StoreSnapshotEventSchema,
])
export type PlatformEvent = z.infer<typeof PlatformEventSchema>
export type PlatformEventType = PlatformEvent['type']

/** First message on every connection: the cursor to resume from, and how often heartbeats come. */
export const HelloMessageSchema = z.object({
  type: z.literal('hello'),
  lastEventId: z.int().check(z.nonnegative()),
  heartbeatMs: z.int().check(z.positive()),
})

/** Sent every `heartbeatMs`; a client that hears nothing for two of them treats the socket as dead. */
export const HeartbeatMessageSchema = z.object({ type: z.literal('heartbeat'), at: z.string() })

/**
 * The missed events are no longer all replayable: refetch everything shown, then continue from
 * `lastEventId`.
 */
export const ResyncMessageSchema = z.object({
  type: z.literal('resync'),
  lastEventId: z.int().check(z.nonnegative()),
  reason: z.enum(['window_exceeded', 'unknown_cursor', 'slow_consumer']),
})

export const ServerMessageSchema = z.union([HelloMessageSchema, HeartbeatMessageSchema, ResyncMessageSchema, PlatformEventSchema])
export type ServerMessage = z.infer<typeof ServerMessageSchema>

/** Close codes the server uses (4000–4999 are the application's own). */
export const EVENT_STREAM_CLOSE = {
  /** The session ended (logout, expiry, disabled account): do not reconnect until signed in again. */
  sessionEnded: 4401,
  /** The client did not keep up (its send buffer grew past the limit): reconnect with lastEventId. */
  slowConsumer: 4408,
  /** The server is shutting down: reconnect (to another instance) with lastEventId. */
  goingAway: 1001,
} as const
