import { z } from 'zod/mini'
import { keyedPattern, rule } from './field-rules'
import {
  AgentIdSchema,
  AgentModelSchema,
  AgentNameSchema,
  AgentRoleSchema,
  CompanyStatusSchema,
  LifecycleActionSchema,
  ProviderSchema,
  type Provider,
} from './companies'
import { pageOf, PageLimitSchema } from './pagination'

/*
 * Configuring an exocorp after onboarding (issue 12, decision 028): its agents as a resource over
 * the draft, the model catalog and price books, the draft ↔ running diff, and bulk lifecycle
 * actions over many exocorps.
 */

// ── Models and LLM providers ────────────────────────────────────────────────────────────────

export interface CatalogModel {
  id: string
  provider: Provider
  label: string
  /** Tokens the model reads at once. */
  contextWindow: number
}

/**
 * The models an agent can run on, per provider (seeded here so the BFF and the msw mock list the
 * same ones). Prices are not part of it: they come from the active price book.
 */
export const MODEL_CATALOG: readonly CatalogModel[] = [
  { id: 'gpt-4.1', provider: 'openai', label: 'GPT-4.1', contextWindow: 1_047_576 },
  { id: 'gpt-4o', provider: 'openai', label: 'GPT-4o', contextWindow: 128_000 },
  { id: 'gpt-4o-mini', provider: 'openai', label: 'GPT-4o mini', contextWindow: 128_000 },
  { id: 'o3-mini', provider: 'openai', label: 'o3-mini', contextWindow: 200_000 },
  { id: 'claude-sonnet-4', provider: 'anthropic', label: 'Claude Sonnet 4', contextWindow: 200_000 },
  { id: 'claude-haiku-3.5', provider: 'anthropic', label: 'Claude Haiku 3.5', contextWindow: 200_000 },
  { id: 'gemini-1.5-pro', provider: 'google', label: 'Gemini 1.5 Pro', contextWindow: 2_000_000 },
  { id: 'mistral-large', provider: 'mistral', label: 'Mistral Large', contextWindow: 128_000 },
]

/** The provider that serves `model`, or null for a model the catalog does not know. */
export function providerOfModel(model: string): Provider | null {
  return MODEL_CATALOG.find((m) => m.id === model)?.provider ?? null
}

export const ModelPriceSchema = z.object({
  inputMicrosPerMTok: z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000_000)),
  outputMicrosPerMTok: z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000_000)),
})
export type ModelPrice = z.infer<typeof ModelPriceSchema>

export const ModelSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  label: z.string(),
  contextWindow: z.number(),
  /** Price per 1M tokens in micro-dollars from the active price book; null when it prices nothing. */
  price: z.nullable(ModelPriceSchema),
  /** `model`: the book names this model; `default`: the book's fallback price applies. */
  priceSource: z.nullable(z.enum(['model', 'default'])),
})
export type Model = z.infer<typeof ModelSchema>

export const ModelCatalogSchema = z.object({
  items: z.array(ModelSchema),
  priceBook: z.nullable(z.object({ id: z.string(), version: z.number() })),
})
export type ModelCatalog = z.infer<typeof ModelCatalogSchema>

// A record's key that fails names its rule on the `invalid_key` issue (field-issues.ts), not its sentence.
const PriceBookModelNameSchema = z
  .string()
  .check(z.regex(keyedPattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'price_book_model_name_pattern'), 'Not a model name'))

export const PriceBookSchema = z.object({
  id: z.string(),
  version: z.number(),
  active: z.boolean(),
  models: z.record(z.string(), ModelPriceSchema),
  default: z.nullable(ModelPriceSchema),
  createdAt: z.string(),
  activatedAt: z.nullable(z.string()),
})
export type PriceBook = z.infer<typeof PriceBookSchema>
export const PriceBookListSchema = z.object({ items: z.array(PriceBookSchema) })

/** A new price book version; with `activate` (the default) it replaces the active one atomically. */
export const PublishPriceBookInputSchema = z.strictObject({
  models: z.record(PriceBookModelNameSchema, ModelPriceSchema).check(
    z.refine((r) => Object.keys(r).length >= 1, rule('Price at least one model', 'price_book_at_least_one')),
    z.refine((r) => Object.keys(r).length <= 500, rule('At most 500 models', 'price_book_at_most')),
  ),
  default: z.optional(z.nullable(ModelPriceSchema)),
  activate: z.optional(z.boolean()),
})
export type PublishPriceBookInput = z.infer<typeof PublishPriceBookInputSchema>

// ── Agents ──────────────────────────────────────────────────────────────────────────────────

/** What stands between an agent and a working runtime, and the one step that fixes it. */
export const AgentFixSchema = z.discriminatedUnion('action', [
  /** The owner holds exactly one credential for the provider: binding it is one click. */
  z.object({ action: z.literal('bind'), provider: ProviderSchema, secretId: z.string(), label: z.string() }),
  /** Several credentials: the owner picks one under the exocorp's bindings. */
  z.object({ action: z.literal('choose_credential'), provider: ProviderSchema }),
  /** None: add one under Provider credentials. */
  z.object({ action: z.literal('add_credential'), provider: ProviderSchema }),
])
export type AgentFix = z.infer<typeof AgentFixSchema>

export const AgentSchema = z.object({
  id: AgentIdSchema,
  name: z.string(),
  role: z.string(),
  model: z.string(),
  /** Provider of the model (from the catalog); null for a model the catalog does not know. */
  provider: z.nullable(ProviderSchema),
  /** `missing`: the provider has no credential bound to this exocorp, so provisioning would stop. */
  credential: z.enum(['bound', 'missing', 'unknown_model']),
  fix: z.nullable(AgentFixSchema),
  /**
   * Against what runs: `live` (the runtime runs it as saved), `changed` (it runs an older version
   * of it), `not_deployed` (added since, or nothing runs).
   */
  deployment: z.enum(['live', 'changed', 'not_deployed']),
})
export type Agent = z.infer<typeof AgentSchema>

export const AgentPageSchema = z.object({
  ...pageOf(AgentSchema).shape,
  /** The draft version the page was read from: the `baseVersion` of the next edit. */
  draftVersion: z.number(),
  total: z.number(),
})
export type AgentPage = z.infer<typeof AgentPageSchema>

export const AgentQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(100))),
  model: z.optional(z.string().check(z.maxLength(100))),
  provider: z.optional(ProviderSchema),
  sort: z._default(z.enum(['name', 'model', 'role']), 'name'),
  order: z._default(z.enum(['asc', 'desc']), 'asc'),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type AgentQuery = z.infer<typeof AgentQuerySchema>

export const AgentDetailSchema = z.object({
  agent: AgentSchema,
  draftVersion: z.number(),
  /** The agent as the running runtime has it; null when it is not deployed. */
  running: z.nullable(z.object({ name: z.string(), role: z.string(), model: z.string() })),
})
export type AgentDetail = z.infer<typeof AgentDetailSchema>

const BaseVersionSchema = z.number().check(z.int(), z.minimum(0))

export const CreateAgentInputSchema = z.strictObject({
  baseVersion: BaseVersionSchema,
  name: AgentNameSchema,
  role: AgentRoleSchema,
  model: AgentModelSchema,
})
export type CreateAgentInput = z.infer<typeof CreateAgentInputSchema>

export const UpdateAgentInputSchema = z.strictObject({
  baseVersion: BaseVersionSchema,
  name: z.optional(AgentNameSchema),
  role: z.optional(AgentRoleSchema),
  model: z.optional(AgentModelSchema),
})
export type UpdateAgentInput = z.infer<typeof UpdateAgentInputSchema>

export const DuplicateAgentInputSchema = z.strictObject({ baseVersion: BaseVersionSchema })

/** `DELETE …/agents/:agentId?baseVersion=N` */
export const DeleteAgentQuerySchema = z.strictObject({ baseVersion: z.coerce.number().check(z.int(), z.minimum(0)) })

export const AgentPathSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  agentId: z.string().check(z.minLength(1), z.maxLength(100)),
})

/** Every agent edit answers with the agent (null once deleted) and the new draft version. */
export const AgentMutationResultSchema = z.object({ agent: z.nullable(AgentSchema), draftVersion: z.number() })
export type AgentMutationResult = z.infer<typeof AgentMutationResultSchema>

// ── Draft ↔ running diff ────────────────────────────────────────────────────────────────────

const FieldChangeSchema = z.object({
  /** `schedules` compares each agent's schedules as text (`name (cron)`, comma-separated). */
  field: z.enum(['name', 'role', 'model', 'schedules']),
  from: z.string(),
  to: z.string(),
})

export const AgentChangeSchema = z.object({
  id: z.string(),
  name: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  fields: z.array(FieldChangeSchema),
})
export type AgentChange = z.infer<typeof AgentChangeSchema>

const SettingValueSchema = z.union([z.string(), z.number(), z.boolean()])

export const SettingChangeSchema = z.object({
  key: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  from: z.nullable(SettingValueSchema),
  to: z.nullable(SettingValueSchema),
})

export const ApplyPlanSchema = z.object({
  /** The lifecycle action that puts the draft into the runtime. */
  action: LifecycleActionSchema,
  allowed: z.boolean(),
  reason: z.nullable(z.string()),
  destructive: z.boolean(),
  /** One sentence: what applying does. */
  summary: z.string(),
})
export type ApplyPlan = z.infer<typeof ApplyPlanSchema>

export const DraftDiffSchema = z.object({
  draftVersion: z.number(),
  /** Draft version the runtime was last provisioned from; null when nothing was ever deployed. */
  deployedDraftVersion: z.nullable(z.number()),
  /** Something was deployed: there is a running configuration to compare with. */
  hasRunning: z.boolean(),
  /** The draft (or the release it would install) differs from what runs. */
  changed: z.boolean(),
  agents: z.array(AgentChangeSchema),
  settings: z.array(SettingChangeSchema),
  providers: z.object({ added: z.array(ProviderSchema), removed: z.array(ProviderSchema) }),
  release: z.object({ from: z.nullable(z.string()), to: z.nullable(z.string()), changed: z.boolean() }),
  /** Running and draft manifests (owner only; null for members). */
  manifest: z.nullable(z.object({ running: z.nullable(z.string()), draft: z.nullable(z.string()) })),
  /** How to apply it; null when there is nothing to apply. */
  apply: z.nullable(ApplyPlanSchema),
})
export type DraftDiff = z.infer<typeof DraftDiffSchema>

// ── Bulk lifecycle actions ──────────────────────────────────────────────────────────────────

export const BULK_MAX = 500

export const BulkActionInputSchema = z.strictObject({
  action: LifecycleActionSchema,
  companyIds: z
    .array(z.string().check(z.minLength(1), z.maxLength(100)))
    .check(z.minLength(1, 'Select at least one exocorp'), z.maxLength(BULK_MAX, `Select at most ${BULK_MAX} exocorps`)),
  /** Preview: evaluate every item, change nothing. */
  dryRun: z.optional(z.boolean()),
  /** Destructive actions: the number of selected exocorps, typed by a person. */
  confirm: z.optional(z.string().check(z.maxLength(20))),
})
export type BulkActionInput = z.infer<typeof BulkActionInputSchema>

export const BulkItemSchema = z.object({
  companyId: z.string(),
  slug: z.nullable(z.string()),
  name: z.nullable(z.string()),
  /**
   * Preview: `allowed` or `refused`. Run: `accepted` (a job was queued), `succeeded` (finished
   * within the request), `refused` (nothing changed) or `failed` (the runtime did not do it).
   */
  outcome: z.enum(['allowed', 'refused', 'accepted', 'succeeded', 'failed']),
  /** Refusal reason code (`invalid_state`, `job_in_flight`, `not_found`, …). */
  code: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  status: z.nullable(CompanyStatusSchema),
  jobId: z.nullable(z.string()),
})
export type BulkItem = z.infer<typeof BulkItemSchema>

export const BulkActionResultSchema = z.object({
  action: LifecycleActionSchema,
  dryRun: z.boolean(),
  destructive: z.boolean(),
  items: z.array(BulkItemSchema),
  counts: z.record(z.enum(['allowed', 'refused', 'accepted', 'succeeded', 'failed']), z.number()),
})
export type BulkActionResult = z.infer<typeof BulkActionResultSchema>
