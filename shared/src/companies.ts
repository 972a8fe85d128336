import { z } from 'zod/mini'
import { SettingDeclarationSchema } from './settings'
import { pageOf, PageLimitSchema } from './pagination'
import { MembershipRoleSchema } from './teams'
import { parseCron } from './cron'

/**
 * The enum tuples below are the one source for these values: the zod schemas are built from them
 * and so are the BFF's typed database columns (bff/src/db/schema/), so a row read back is already
 * the contract's type — no cast at the database boundary.
 */
/** Lifecycle statuses (DESIGN.md). Health is separate from status. */
export const COMPANY_STATUSES = [
  'draft',
  'provisioning',
  'starting',
  'running',
  'paused',
  'stopped',
  'failed',
  'destroyed',
] as const
export const CompanyStatusSchema = z.enum(COMPANY_STATUSES)
export type CompanyStatus = z.infer<typeof CompanyStatusSchema>

/** Statuses the UI polls in: something is moving. */
export const TRANSITIONAL_STATUSES: readonly CompanyStatus[] = ['provisioning', 'starting']

export const HEALTHS = ['healthy', 'unreachable', 'unknown'] as const
export const HealthSchema = z.enum(HEALTHS)
export type Health = z.infer<typeof HealthSchema>

export const RELEASE_CHANNELS = ['stable', 'beta', 'canary'] as const
export const ReleaseChannelSchema = z.enum(RELEASE_CHANNELS)
export type ReleaseChannel = z.infer<typeof ReleaseChannelSchema>

export const LIFECYCLE_ACTIONS = [
  'provision',
  'update',
  'restart',
  'pause',
  'resume',
  'stop',
  'reprovision',
  'rollback',
  'destroy',
] as const
export const LifecycleActionSchema = z.enum(LIFECYCLE_ACTIONS)
export type LifecycleAction = z.infer<typeof LifecycleActionSchema>

/** These need `confirm` equal to the slug (typed by a person in the UI). */
export const DESTRUCTIVE_ACTIONS: readonly LifecycleAction[] = ['stop', 'reprovision', 'rollback', 'destroy']

export const ProviderSchema = z.enum(['openai', 'anthropic', 'google', 'mistral', 'e2b'])
export type Provider = z.infer<typeof ProviderSchema>

const RESERVED_SLUGS = ['www', 'api', 'admin', 'app', 'portal', 'dashboard', 'mail', 'static', 'assets', 'localhost']

/** One DNS label: 3–40 of a–z, 0–9 and inner hyphens. */
export const SlugSchema = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(3, 'Use at least 3 characters'),
  z.maxLength(40, 'Use at most 40 characters'),
  z.regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and inner hyphens only'),
  z.refine((s) => !s.includes('--'), 'No double hyphens'),
  z.refine((s) => !RESERVED_SLUGS.includes(s), 'This name is reserved'),
)

export const CompanyNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'Enter a name'), z.maxLength(80, 'Use at most 80 characters'))

export const CreateCompanyInputSchema = z.strictObject({
  name: CompanyNameSchema,
  slug: SlugSchema,
  channel: z.optional(ReleaseChannelSchema),
})
export type CreateCompanyInput = z.infer<typeof CreateCompanyInputSchema>

/** Non-destructive edits, applied optimistically by the UI. */
export const UpdateCompanyInputSchema = z.strictObject({
  name: z.optional(CompanyNameSchema),
  channel: z.optional(ReleaseChannelSchema),
})
export type UpdateCompanyInput = z.infer<typeof UpdateCompanyInputSchema>

export const SlugAvailabilitySchema = z.object({
  slug: z.string(),
  available: z.boolean(),
  reason: z.nullable(z.string()),
  /** The hosts this slug would really get on this platform (null for a slug that is not valid). */
  domains: z.nullable(z.object({ portal: z.string(), app: z.string() })),
})
export type SlugAvailability = z.infer<typeof SlugAvailabilitySchema>

export const ActionInputSchema = z.strictObject({
  action: LifecycleActionSchema,
  confirm: z.optional(z.string().check(z.maxLength(100))),
})
export type ActionInput = z.infer<typeof ActionInputSchema>

/** Body of the per-action endpoints (`/provision`, `/stop`, …): just the confirmation. */
export const ConfirmInputSchema = z.strictObject({
  confirm: z.optional(z.string().check(z.maxLength(100))),
})

export const ProviderReadinessSchema = z.object({
  configured: z.number(),
  total: z.number(),
  /** Required providers with no credential bound. */
  missingRequired: z.array(ProviderSchema),
  /**
   * Those of `missingRequired` the next provision binds by itself: the owner holds exactly one
   * credential of that kind, and the bind phase uses it. Empty when a person has to act.
   */
  willAutoBind: z.array(ProviderSchema),
})
export type ProviderReadiness = z.infer<typeof ProviderReadinessSchema>

export const JobPhaseNameSchema = z.enum([
  'validate_draft',
  'resolve_release',
  'bind_credentials',
  'allocate_runtime',
  'write_manifest',
  'start_control_plane',
  'health_check',
])
export type JobPhaseName = z.infer<typeof JobPhaseNameSchema>

export const JobPhaseSchema = z.object({
  name: JobPhaseNameSchema,
  label: z.string(),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  startedAt: z.nullable(z.string()),
  finishedAt: z.nullable(z.string()),
  /** Human-readable note, e.g. which credential was bound. Never a secret. */
  note: z.nullable(z.string()),
})
export type JobPhase = z.infer<typeof JobPhaseSchema>

/** A lifecycle job's own state (not the company's status). */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed'] as const
export const JobStateSchema = z.enum(JOB_STATES)
export type JobState = z.infer<typeof JobStateSchema>

export const JobSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  action: LifecycleActionSchema,
  status: JobStateSchema,
  phases: z.array(JobPhaseSchema),
  /** Phase k of n (1-based `current`; equals `total` when done). */
  progress: z.object({ current: z.number(), total: z.number() }),
  attempts: z.number(),
  error: z.nullable(z.string()),
  createdAt: z.string(),
  startedAt: z.nullable(z.string()),
  finishedAt: z.nullable(z.string()),
})
export type Job = z.infer<typeof JobSchema>

/** One run in an exocorp's deployment history: the job, who asked for it and how long it took. */
export const DeploymentSchema = z.object({
  ...JobSchema.shape,
  /** Who asked (the actor's label: an email, an agent's name, `system`); null for rows from before it was kept. */
  requestedBy: z.nullable(z.string()),
  /** From start to finish; null while it runs or when it never started. */
  durationMs: z.nullable(z.number()),
})
export type Deployment = z.infer<typeof DeploymentSchema>

/** `GET /api/registry/companies/:id/jobs`: every job of one exocorp, newest first. */
export const DeploymentListSchema = pageOf(DeploymentSchema)
export type DeploymentList = z.infer<typeof DeploymentListSchema>

export const DeploymentQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})

export const AllowedActionSchema = z.object({
  action: LifecycleActionSchema,
  allowed: z.boolean(),
  /** Why not, in words a person understands (shown on hover/focus of a disabled button). */
  reason: z.nullable(z.string()),
  destructive: z.boolean(),
})
export type AllowedAction = z.infer<typeof AllowedActionSchema>

export const DomainsSchema = z.object({
  portal: z.string(),
  app: z.string(),
  portalUrl: z.string(),
  appUrl: z.string(),
})

export const CompanySummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  status: CompanyStatusSchema,
  health: HealthSchema,
  channel: ReleaseChannelSchema,
  installedVersion: z.nullable(z.string()),
  role: MembershipRoleSchema,
  providerReadiness: ProviderReadinessSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type CompanySummary = z.infer<typeof CompanySummarySchema>

export const BudgetPauseSchema = z.object({
  scope: z.enum(['company', 'fleet']),
  spentMicros: z.number(),
  limitMicros: z.number(),
  pausedAt: z.string(),
  resumesAt: z.string(),
})
export type BudgetPause = z.infer<typeof BudgetPauseSchema>

export const CompanyDetailSchema = z.object({
  ...CompanySummarySchema.shape,
  previousVersion: z.nullable(z.string()),
  availableVersion: z.nullable(z.string()),
  draftVersion: z.number(),
  /** Draft version the running runtime was provisioned from; null before the first provision. */
  deployedDraftVersion: z.nullable(z.number()),
  domains: DomainsSchema,
  currentJob: z.nullable(JobSchema),
  allowedActions: z.array(AllowedActionSchema),
  lastError: z.nullable(z.string()),
  activePriceBook: z.nullable(z.object({ id: z.string(), version: z.number() })),
  healthCheckedAt: z.nullable(z.string()),
  /**
   * Set while a budget's hard limit keeps it paused (decisions 035, 040): whose budget (its own or
   * the fleet's), what was spent of what limit, and when the new month resumes it. Owners and
   * members both see it.
   */
  budgetPause: z.nullable(BudgetPauseSchema),
})
export type CompanyDetail = z.infer<typeof CompanyDetailSchema>

/** `GET /api/registry/my-companies`: one cursor page of the caller's exocorps. */
export const CompanyListSchema = pageOf(CompanySummarySchema)
export type CompanyList = z.infer<typeof CompanyListSchema>

/** `?q=&status=&health=&channel=&sort=&order=&cursor=&limit=` of the owner's fleet list (as the admin list's). */
export const MyCompanyQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(100))),
  status: z.optional(CompanyStatusSchema),
  channel: z.optional(ReleaseChannelSchema),
  health: z.optional(HealthSchema),
  /** Only the exocorps where you have this role (`owner`: yours; `member`: shared with you). */
  role: z.optional(MembershipRoleSchema),
  sort: z._default(z.enum(['name', 'createdAt', 'updatedAt', 'status']), 'name'),
  order: z._default(z.enum(['asc', 'desc']), 'asc'),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type MyCompanyQuery = z.infer<typeof MyCompanyQuerySchema>

export const ActionResultSchema = z.object({
  company: CompanyDetailSchema,
  job: z.nullable(JobSchema),
})
export type ActionResult = z.infer<typeof ActionResultSchema>

/** An agent's stable id inside its exocorp (its URL segment); derived from its first name. */
export const AgentIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Not an agent id'))

export const AgentNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'Enter a name'), z.maxLength(60, 'Use at most 60 characters'))
export const AgentRoleSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'Describe what this agent does'), z.maxLength(200, 'Use at most 200 characters'))
export const AgentModelSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'Pick a model'), z.maxLength(100, 'Use at most 100 characters'))

/**
 * A recurring task of an agent (decision 051): the runtime runs it on the cron expression (UTC,
 * see `cron.ts`) and reports each run's completion or failure to the platform (an admin notice);
 * with `notify`, the agent then sends its result as a message to that recipient (reported too).
 */
export const AgentScheduleSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Name the schedule'), z.maxLength(60, 'Use at most 60 characters')),
  cron: z.string().check(
    z.trim(),
    z.maxLength(100, 'Use at most 100 characters'),
    z.refine((v) => parseCron(v).ok, {
      error: (issue) => {
        const parsed = typeof issue.input === 'string' ? parseCron(issue.input) : null
        return parsed && !parsed.ok ? parsed.error : 'Not a cron expression'
      },
    }),
  ),
  /** What the agent does on each run (the workload's title); the schedule's name when left out. */
  task: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200, 'Use at most 200 characters'))),
  /** Who the agent messages with each run's result (a channel like `#ops`, or a person). */
  notify: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100, 'Use at most 100 characters'))),
})
export type AgentSchedule = z.infer<typeof AgentScheduleSchema>

export const DraftAgentSchema = z.strictObject({
  /** Assigned by the BFF when left out; kept across renames. */
  id: z.optional(AgentIdSchema),
  name: AgentNameSchema,
  role: AgentRoleSchema,
  model: AgentModelSchema,
  schedules: z.optional(
    z.array(AgentScheduleSchema).check(
      z.maxLength(10, 'Use at most 10 schedules per agent'),
      z.refine((list) => new Set(list.map((s) => s.name.toLowerCase())).size === list.length, 'Give each schedule its own name'),
    ),
  ),
})
export type DraftAgent = z.infer<typeof DraftAgentSchema>

/** The saved configuration of an exocorp; `version` increases with every save. */
export const DraftConfigSchema = z.strictObject({
  agents: z.array(DraftAgentSchema).check(z.maxLength(50)),
  providers: z.array(ProviderSchema).check(z.maxLength(10)),
  settings: z.record(z.string().check(z.maxLength(100)), z.union([z.string().check(z.maxLength(1000)), z.number(), z.boolean()])),
})
export type DraftConfig = z.infer<typeof DraftConfigSchema>

export const DraftSchema = z.object({
  version: z.number(),
  config: DraftConfigSchema,
  updatedAt: z.string(),
})
export type Draft = z.infer<typeof DraftSchema>

/** Saving names the version it edits; a stale `baseVersion` answers 409 instead of losing work. */
export const SaveDraftInputSchema = z.strictObject({
  baseVersion: z.number().check(z.int(), z.minimum(0)),
  config: DraftConfigSchema,
})
export type SaveDraftInput = z.infer<typeof SaveDraftInputSchema>

export const ReleaseSchema = z.object({
  version: z.string(),
  channel: ReleaseChannelSchema,
  publishedAt: z.string(),
  notes: z.string(),
  requiredProviders: z.array(ProviderSchema),
  optionalProviders: z.array(ProviderSchema),
  /** The settings this release reads from the draft's `settings` map, typed (decision 052). */
  settings: z.array(SettingDeclarationSchema),
})
export type Release = z.infer<typeof ReleaseSchema>

export const ReleaseCatalogSchema = z.object({ items: z.array(ReleaseSchema) })

export const UpdateHandshakeSchema = z.object({
  status: z.enum(['up_to_date', 'install_required', 'update_available', 'blocked']),
  installedVersion: z.nullable(z.string()),
  availableVersion: z.nullable(z.string()),
  channel: ReleaseChannelSchema,
  reason: z.nullable(z.string()),
  missingProviders: z.array(ProviderSchema),
  notes: z.nullable(z.string()),
})
export type UpdateHandshake = z.infer<typeof UpdateHandshakeSchema>

/** Write-only credential: the API never returns the value, only its last four characters. */
export const ProviderSecretSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  label: z.string(),
  last4: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  usedBy: z.array(z.object({ companyId: z.string(), slug: z.string(), name: z.string() })),
})
export type ProviderSecret = z.infer<typeof ProviderSecretSchema>

export const ProviderSecretListSchema = z.object({ items: z.array(ProviderSecretSchema) })

export const SecretValueSchema = z
  .string()
  .check(z.trim(), z.minLength(8, 'That does not look like a credential'), z.maxLength(4096, 'Too long'))

export const CreateProviderSecretInputSchema = z.strictObject({
  provider: ProviderSchema,
  label: z
    .string()
    .check(z.trim(), z.minLength(1, 'Enter a label'), z.maxLength(80), z.regex(/^[^\p{Cc}]*$/u, 'Use printable characters only')),
  value: SecretValueSchema,
})
export type CreateProviderSecretInput = z.infer<typeof CreateProviderSecretInputSchema>

export const RotateProviderSecretInputSchema = z.strictObject({ value: SecretValueSchema })

export const BindingSchema = z.object({
  provider: ProviderSchema,
  required: z.boolean(),
  secretId: z.nullable(z.string()),
  secretLabel: z.nullable(z.string()),
  last4: z.nullable(z.string()),
  boundAt: z.nullable(z.string()),
  /** The credential this binding used was revoked by a platform owner (decision 043); null otherwise. */
  revoked: z.nullable(z.object({ label: z.string(), last4: z.string(), reason: z.string(), at: z.string() })),
})
export type Binding = z.infer<typeof BindingSchema>

export const BindingListSchema = z.object({
  items: z.array(BindingSchema),
  coverage: z.object({ configured: z.number(), total: z.number() }),
})
export type BindingList = z.infer<typeof BindingListSchema>

export const BindInputSchema = z.strictObject({
  provider: ProviderSchema,
  secretId: z.nullable(z.string().check(z.maxLength(100))),
})
export type BindInput = z.infer<typeof BindInputSchema>

export const DashboardSummarySchema = z.object({
  total: z.number(),
  byStatus: z.record(CompanyStatusSchema, z.number()),
  coverage: z.object({ configured: z.number(), total: z.number() }),
})
export type DashboardSummary = z.infer<typeof DashboardSummarySchema>

export const UsageEventSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  model: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costMicros: z.number(),
  at: z.string(),
})
export type UsageEvent = z.infer<typeof UsageEventSchema>
export const UsagePageSchema = pageOf(UsageEventSchema)

export const ManifestSchema = z.object({ yaml: z.string(), generatedAt: z.nullable(z.string()) })

/** Admin fleet table. */
export const AdminCompanyRowSchema = z.object({
  ...CompanySummarySchema.shape,
  owner: z.object({ id: z.string(), email: z.string() }),
  memberCount: z.number(),
  latestJob: z.nullable(
    z.object({ id: z.string(), action: LifecycleActionSchema, status: z.string(), finishedAt: z.nullable(z.string()) }),
  ),
})
export type AdminCompanyRow = z.infer<typeof AdminCompanyRowSchema>
export const AdminCompanyPageSchema = pageOf(AdminCompanyRowSchema)

export const AdminCompanyQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(100))),
  status: z.optional(CompanyStatusSchema),
  channel: z.optional(ReleaseChannelSchema),
  health: z.optional(HealthSchema),
  sort: z._default(z.enum(['name', 'createdAt', 'updatedAt', 'status', 'owner']), 'updatedAt'),
  order: z._default(z.enum(['asc', 'desc']), 'desc'),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type AdminCompanyQuery = z.infer<typeof AdminCompanyQuerySchema>

/** GET /api/admin/companies/:id/details — the owner's view plus who owns it. */
export const AdminCompanyDetailSchema = z.object({
  ...CompanyDetailSchema.shape,
  owner: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  memberCount: z.number(),
})
export type AdminCompanyDetail = z.infer<typeof AdminCompanyDetailSchema>

/** POST /api/admin/companies/:id/actions — like ActionResult, with the admin's view of the exocorp. */
export const AdminActionResultSchema = z.object({
  company: AdminCompanyDetailSchema,
  job: z.nullable(JobSchema),
})
export type AdminActionResult = z.infer<typeof AdminActionResultSchema>

/** GET /api/admin/companies/:id/runtime — what the driver and the health monitor know. */
export const AdminRuntimeSchema = z.object({
  companyId: z.string(),
  status: CompanyStatusSchema,
  health: HealthSchema,
  healthCheckedAt: z.nullable(z.string()),
  driver: z.string(),
  /** Driver-specific location (e.g. `http://127.0.0.1:41234`), null when nothing runs. */
  endpoint: z.nullable(z.string()),
  pid: z.nullable(z.number()),
  /** The BFF instance that owns the runtime (carries out its jobs, probes it); null when nothing runs. */
  owner: z.nullable(z.string()),
  version: z.nullable(z.string()),
  /** Last probe's note (e.g. why it is unreachable). */
  detail: z.nullable(z.string()),
})
export type AdminRuntime = z.infer<typeof AdminRuntimeSchema>

/** GET /api/admin/runtime-stats — fleet-wide numbers for the admin landing. */
export const RuntimeStatsSchema = z.object({
  total: z.number(),
  byStatus: z.record(CompanyStatusSchema, z.number()),
  byHealth: z.record(HealthSchema, z.number()),
  jobs: z.object({ inFlight: z.number(), failedLast24h: z.number(), succeededLast24h: z.number() }),
  /** Provisioning job durations over the last 7 days, in milliseconds; null without samples. */
  provisioningMs: z.object({ p50: z.nullable(z.number()), p95: z.nullable(z.number()), samples: z.number() }),
  capacity: z.object({ driver: z.string(), maxRuntimes: z.number(), running: z.number() }),
  generatedAt: z.string(),
})
export type RuntimeStats = z.infer<typeof RuntimeStatsSchema>

/** `?channel=` on the release endpoints. */
export const ReleaseQuerySchema = z.strictObject({ channel: z.optional(ReleaseChannelSchema) })

/** What a runtime reports (authenticated by its bearer usage token, which names the exocorp). */
export const ReportUsageEventInputSchema = z.strictObject({
  model: z.string().check(z.trim(), z.minLength(1, 'Name the model'), z.maxLength(100)),
  inputTokens: z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000)),
  outputTokens: z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000)),
  /** The runtime's own id for the event; a retry with the same id is recorded once. */
  eventId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  /** The agent the call was for (its name in the exocorp's config), for usage by agent (decision 040). */
  agent: z.optional(z.string().check(z.trim(), z.minLength(1, 'Name the agent'), z.maxLength(100))),
  /**
   * How the call ended (decision 049): `error` when the provider or the runtime failed it (it still
   * costs the tokens it used). Absent means `ok`. Admins see the error rate per model.
   */
  outcome: z.optional(z.enum(['ok', 'error'])),
})
export type ReportUsageEventInput = z.infer<typeof ReportUsageEventInputSchema>

/** `GET /api/runtime/billing/usage`: one exocorp's priced usage events, newest first. */
export const UsageQuerySchema = z.strictObject({
  companyId: z.string().check(z.minLength(1), z.maxLength(100)),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type UsageQuery = z.infer<typeof UsageQuerySchema>

/** GET /api/runtime/execution-providers/state — the runtime driver's capacity. */
export const ExecutionProvidersStateSchema = z.object({
  driver: z.string(),
  maxRuntimes: z.number(),
  running: z.number(),
  available: z.number(),
})
export type ExecutionProvidersState = z.infer<typeof ExecutionProvidersStateSchema>
