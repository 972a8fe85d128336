import { z } from 'zod/mini'
import { pageOf, PageLimitSchema } from './pagination'

export const AuditOutcomeSchema = z.enum(['succeeded', 'failed'])
export const ACTOR_TYPES = ['user', 'operator_client', 'system', 'anonymous', 'runtime'] as const
export const ActorTypeSchema = z.enum(ACTOR_TYPES)

export const AuditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ type: ActorTypeSchema, id: z.nullable(z.string()), label: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.nullable(z.string()) }),
  outcome: AuditOutcomeSchema,
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  requestId: z.nullable(z.string()),
  /** A refusal that came back: how often within its window, first and last time (decision 015). */
  repeats: z.optional(z.object({ count: z.number(), firstAt: z.string(), lastAt: z.string() })),
})
export type AuditEvent = z.infer<typeof AuditEventSchema>

export const AuditPageSchema = pageOf(AuditEventSchema)
export type AuditPage = z.infer<typeof AuditPageSchema>

const shortText = z.optional(z.string().check(z.maxLength(100)))

export const AuditQuerySchema = z.strictObject({
  actorId: shortText,
  actorType: z.optional(ActorTypeSchema),
  action: shortText,
  targetType: shortText,
  targetId: shortText,
  outcome: z.optional(AuditOutcomeSchema),
  from: z.optional(z.iso.datetime({ offset: true })),
  to: z.optional(z.iso.datetime({ offset: true })),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: PageLimitSchema,
})
export type AuditQuery = z.infer<typeof AuditQuerySchema>
