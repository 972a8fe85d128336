import { z } from 'zod/mini'
import { ReleaseChannelSchema } from './companies'
import type { FieldRuleKey } from './field-rules'
import { PageLimitSchema, pageOf } from './pagination'

/*
 * Rollout controls (issue 17 item 4, seed 003's "AI loop runtime"): flags for the shared agent
 * loop and product flags in one store, set at a scope (global → channel → exocorp, the narrowest
 * wins), with a change history whose every entry can be reverted.
 */

export const FlagScopeSchema = z.enum(['global', 'channel', 'company'])
export type FlagScope = z.infer<typeof FlagScopeSchema>

export type FlagValue = boolean | number

interface FlagDefinitionBase {
  key: string
  description: string
  /** Scopes the flag may be set at (product flags are platform-wide). */
  scopes: readonly FlagScope[]
}
export type FlagDefinition =
  | (FlagDefinitionBase & { type: 'boolean'; default: boolean })
  | (FlagDefinitionBase & { type: 'integer'; default: number; min: number; max: number })

/** Every flag the store knows. A value for any other key is refused (400). */
export const FLAG_DEFINITIONS = [
  {
    key: 'ai.loop.kill_switch',
    type: 'boolean',
    default: false,
    scopes: ['global', 'channel', 'company'],
    description: 'On: runtimes stop starting agent work (work in flight finishes its step). Off: they resume.',
  },
  {
    key: 'ai.loop.context_pruning',
    type: 'boolean',
    default: true,
    scopes: ['global', 'channel', 'company'],
    description: 'Prune old context from an agent task before each step.',
  },
  {
    key: 'ai.loop.max_steps',
    type: 'integer',
    default: 25,
    min: 1,
    max: 500,
    scopes: ['global', 'channel', 'company'],
    description: 'Steps an agent task may take before the loop ends it.',
  },
  {
    key: 'site.cms_enabled',
    type: 'boolean',
    default: false,
    scopes: ['global'],
    description: 'Public rendering serves published CMS pages (product flag).',
  },
] as const satisfies readonly FlagDefinition[]

export type FlagKey = (typeof FLAG_DEFINITIONS)[number]['key']
export const FlagKeySchema = z.enum(FLAG_DEFINITIONS.map((d) => d.key) as [FlagKey, ...FlagKey[]])

export function flagDefinition(key: FlagKey): FlagDefinition {
  return FLAG_DEFINITIONS.find((d) => d.key === key)!
}

/**
 * A refusal of one field of a flag change, keyed (decision 064): the English sentence for API
 * clients, the rule's key and what it names for a client that words it in its own language.
 */
export interface FlagRefusal {
  field: 'value' | 'scope' | 'scopeId'
  sentence: string
  key: FieldRuleKey
  vars?: Record<string, string | number>
}

/** Why `value` cannot be stored for `key`, or null when it can. The BFF refuses with it and the admin form checks it first. */
export function flagValueRule(key: FlagKey, value: unknown): FlagRefusal | null {
  const d = flagDefinition(key)
  if (d.type === 'boolean')
    return typeof value === 'boolean' ? null : { field: 'value', sentence: 'Must be true or false', key: 'flag_value_boolean' }
  if (typeof value !== 'number' || !Number.isInteger(value))
    return { field: 'value', sentence: 'Must be a whole number', key: 'flag_value_whole' }
  if (value < d.min || value > d.max)
    return {
      field: 'value',
      sentence: `Must be between ${d.min} and ${d.max}`,
      key: 'flag_value_range',
      vars: { min: d.min, max: d.max },
    }
  return null
}

/**
 * Why a change cannot be set at `scope` / `scopeId`, as far as the flag and the scope alone tell
 * (whether an exocorp exists is the store's to say: 404), or null.
 */
export function flagScopeRule(key: FlagKey, scope: FlagScope, scopeId: string | undefined): FlagRefusal | null {
  const d = flagDefinition(key)
  if (!(d.scopes as readonly FlagScope[]).includes(scope))
    return {
      field: 'scope',
      sentence: `${key} can be set at: ${d.scopes.join(', ')}`,
      key: 'flag_scope_not_allowed',
      vars: { flag: key, scopes: d.scopes.join(', ') },
    }
  if (scope === 'global')
    return scopeId ? { field: 'scopeId', sentence: 'Leave out scopeId for the global scope', key: 'flag_scope_id_global' } : null
  if (!scopeId)
    return scope === 'channel'
      ? { field: 'scopeId', sentence: 'Name the channel', key: 'flag_channel_needed' }
      : { field: 'scopeId', sentence: 'Name the exocorp', key: 'flag_exocorp_needed' }
  if (scope === 'channel' && !ReleaseChannelSchema.safeParse(scopeId).success) {
    const channels = ReleaseChannelSchema.options.join(', ')
    return { field: 'scopeId', sentence: `One of ${channels}`, key: 'flag_channel_unknown', vars: { channels } }
  }
  return null
}

export const FlagValueSchema = z.union([z.boolean(), z.number()])

/** One value set at one scope. `scopeId`: '' for global, a channel name, or an exocorp id. */
export const FlagSettingSchema = z.object({
  key: FlagKeySchema,
  scope: FlagScopeSchema,
  scopeId: z.string(),
  /** The exocorp's slug for a `company` scope. */
  scopeLabel: z.string(),
  value: FlagValueSchema,
  updatedAt: z.string(),
  updatedBy: z.string(),
})
export type FlagSetting = z.infer<typeof FlagSettingSchema>

export const FlagDefinitionSchema = z.object({
  key: FlagKeySchema,
  type: z.enum(['boolean', 'integer']),
  default: FlagValueSchema,
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  scopes: z.array(FlagScopeSchema),
  description: z.string(),
})

export const FlagOverviewSchema = z.object({
  definitions: z.array(FlagDefinitionSchema),
  settings: z.array(FlagSettingSchema),
})
export type FlagOverview = z.infer<typeof FlagOverviewSchema>

/** Where an effective value comes from. */
export const FlagSourceSchema = z.enum(['default', 'global', 'channel', 'company'])
export type FlagSource = z.infer<typeof FlagSourceSchema>

export const ResolvedFlagSchema = z.object({ key: FlagKeySchema, value: FlagValueSchema, source: FlagSourceSchema })
export type ResolvedFlag = z.infer<typeof ResolvedFlagSchema>

export const ResolvedCompanyFlagsSchema = z.object({
  companyId: z.string(),
  slug: z.string(),
  name: z.string(),
  channel: ReleaseChannelSchema,
  status: z.string(),
  flags: z.array(ResolvedFlagSchema),
})
export type ResolvedCompanyFlags = z.infer<typeof ResolvedCompanyFlagsSchema>
export const ResolvedFlagsPageSchema = pageOf(ResolvedCompanyFlagsSchema)
export type ResolvedFlagsPage = z.infer<typeof ResolvedFlagsPageSchema>

export const ResolvedFlagsQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(100))),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type ResolvedFlagsQuery = z.infer<typeof ResolvedFlagsQuerySchema>

/** Set a value at a scope, or clear it (`value: null`: the next wider scope applies again). */
export const SetFlagInputSchema = z.strictObject({
  key: FlagKeySchema,
  scope: FlagScopeSchema,
  /** Omitted for global; a channel name; an exocorp id or slug. */
  scopeId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  value: z.nullable(FlagValueSchema),
  reason: z.string().check(z.trim(), z.minLength(3, 'Say why (at least 3 characters)'), z.maxLength(500)),
})
export type SetFlagInput = z.infer<typeof SetFlagInputSchema>

export const FlagChangeSchema = z.object({
  id: z.string(),
  at: z.string(),
  key: FlagKeySchema,
  scope: FlagScopeSchema,
  scopeId: z.string(),
  scopeLabel: z.string(),
  /** null: not set at this scope. */
  from: z.nullable(FlagValueSchema),
  to: z.nullable(FlagValueSchema),
  reason: z.string(),
  actor: z.string(),
  /** Set when this change reverted an earlier one. */
  revertOf: z.nullable(z.string()),
})
export type FlagChange = z.infer<typeof FlagChangeSchema>
export const FlagChangePageSchema = pageOf(FlagChangeSchema)
export type FlagChangePage = z.infer<typeof FlagChangePageSchema>

export const FlagHistoryQuerySchema = z.strictObject({
  key: z.optional(FlagKeySchema),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type FlagHistoryQuery = z.infer<typeof FlagHistoryQuerySchema>

export const RevertFlagInputSchema = z.strictObject({
  reason: z.optional(z.string().check(z.trim(), z.maxLength(500))),
})
export type RevertFlagInput = z.infer<typeof RevertFlagInputSchema>

export const FlagChangePathSchema = z.object({ changeId: z.string().check(z.minLength(1), z.maxLength(100)) })

/** What a runtime reads with its own token: its exocorp's effective loop flags. */
export const RuntimeFlagsSchema = z.object({
  version: z.string(),
  flags: z.object({
    killSwitch: z.boolean(),
    contextPruning: z.boolean(),
    maxSteps: z.number(),
  }),
})
export type RuntimeFlags = z.infer<typeof RuntimeFlagsSchema>
