import { z } from 'zod/mini'
import { PageLimitSchema, pageOf } from './pagination'

/*
 * Feedback and security-probe triage (issue 17, seeds 002/003): users send feedback from the
 * console; the request pipeline records probe-looking input it refused or stored. Both land in one
 * triage queue of *groups* (a burst or a duplicate is triaged once), each with its members.
 */

/** Signal quality categories (seed 002). */
export const SignalCategorySchema = z.enum(['product_signal', 'short_actionable', 'actionable', 'security_probe'])
export type SignalCategory = z.infer<typeof SignalCategorySchema>

/** Classification of a security probe (seed 002's security view). */
export const ProbeClassSchema = z.enum(['script', 'command', 'sql', 'template', 'path', 'fuzz'])
export type ProbeClass = z.infer<typeof ProbeClassSchema>

export const SeveritySchema = z.enum(['low', 'medium', 'high', 'critical'])
export type Severity = z.infer<typeof SeveritySchema>
export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 }

/** Workflow: open → triaged → in_progress → done, then archived. */
export const TriageStateSchema = z.enum(['open', 'triaged', 'in_progress', 'done', 'archived'])
export type TriageState = z.infer<typeof TriageStateSchema>

/** Which moves the workflow allows (the BFF answers 409 `invalid_transition` for any other). */
export const TRIAGE_TRANSITIONS: Record<TriageState, readonly TriageState[]> = {
  open: ['triaged', 'in_progress', 'done', 'archived'],
  triaged: ['open', 'in_progress', 'done', 'archived'],
  in_progress: ['triaged', 'done'],
  done: ['in_progress', 'archived'],
  archived: ['open'],
}

export const SignalKindSchema = z.enum(['feedback', 'probe'])
export type SignalKind = z.infer<typeof SignalKindSchema>

/** `POST /api/feedback`: the message; page, exocorp and browser are attached by the dialog. */
export const FeedbackInputSchema = z.strictObject({
  message: z.string().check(z.trim(), z.minLength(3, 'Write at least 3 characters'), z.maxLength(4000)),
  context: z.optional(
    z.strictObject({
      page: z.optional(z.string().check(z.maxLength(500))),
      companySlug: z.optional(z.string().check(z.maxLength(100))),
      userAgent: z.optional(z.string().check(z.maxLength(500))),
      viewport: z.optional(z.string().check(z.maxLength(40))),
    }),
  ),
})
export type FeedbackInput = z.infer<typeof FeedbackInputSchema>

export const FeedbackReceiptSchema = z.object({ id: z.string(), groupId: z.string(), receivedAt: z.string() })
export type FeedbackReceipt = z.infer<typeof FeedbackReceiptSchema>

/** One occurrence inside a group: a feedback message or one recorded probe. */
export const SignalMemberSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: SignalKindSchema,
  /** Feedback text, or the redacted sample of a probe (capped, secrets and addresses masked). */
  text: z.string(),
  sourceLabel: z.string(),
  endpoint: z.nullable(z.string()),
  page: z.nullable(z.string()),
  companySlug: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  /** For probes: where the input was (`refused:query`, `refused:body`, `stored:name`…). */
  location: z.nullable(z.string()),
})
export type SignalMember = z.infer<typeof SignalMemberSchema>

export const SignalGroupSchema = z.object({
  id: z.string(),
  kind: SignalKindSchema,
  category: SignalCategorySchema,
  severity: SeveritySchema,
  probeClass: z.nullable(ProbeClassSchema),
  state: TriageStateSchema,
  title: z.string(),
  sourceLabel: z.string(),
  endpoint: z.nullable(z.string()),
  count: z.number(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  assignee: z.nullable(z.object({ id: z.string(), email: z.string() })),
  updatedAt: z.string(),
})
export type SignalGroup = z.infer<typeof SignalGroupSchema>
export const SignalGroupPageSchema = pageOf(SignalGroupSchema)
export type SignalGroupPage = z.infer<typeof SignalGroupPageSchema>

export const TriageNoteSchema = z.object({ id: z.string(), at: z.string(), author: z.string(), body: z.string() })
export type TriageNote = z.infer<typeof TriageNoteSchema>

export const SignalGroupDetailSchema = z.object({
  group: SignalGroupSchema,
  /** The latest members (at most 100 are kept per group; `group.count` counts them all). */
  members: z.array(SignalMemberSchema),
  notes: z.array(TriageNoteSchema),
})
export type SignalGroupDetail = z.infer<typeof SignalGroupDetailSchema>

export const FEEDBACK_SORTS = ['severity', 'lastSeen', 'count'] as const
/** `?view=` `queue` (every group), `security` (probes only), `urgent` (open, highest severity first). */
export const FeedbackQuerySchema = z.strictObject({
  kind: z.optional(SignalKindSchema),
  category: z.optional(SignalCategorySchema),
  probeClass: z.optional(ProbeClassSchema),
  severity: z.optional(SeveritySchema),
  /** Without a state, archived groups are left out. */
  state: z.optional(TriageStateSchema),
  assigneeId: z.optional(z.string().check(z.maxLength(100))),
  q: z.optional(z.string().check(z.maxLength(200))),
  sort: z._default(z.enum(FEEDBACK_SORTS), 'severity'),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type FeedbackQuery = z.infer<typeof FeedbackQuerySchema>

/** Security view: open (not archived) probe groups per class. */
export const SecuritySummarySchema = z.object({
  classes: z.array(
    z.object({
      probeClass: ProbeClassSchema,
      groups: z.number(),
      occurrences: z.number(),
      lastSeenAt: z.nullable(z.string()),
    }),
  ),
})
export type SecuritySummary = z.infer<typeof SecuritySummarySchema>

export const UpdateSignalGroupInputSchema = z.strictObject({
  state: z.optional(TriageStateSchema),
  /** An admin's user id, or null to unassign. */
  assigneeId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(100)))),
  severity: z.optional(SeveritySchema),
})
export type UpdateSignalGroupInput = z.infer<typeof UpdateSignalGroupInputSchema>

export const BulkTriageInputSchema = z.strictObject({
  ids: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(1), z.maxLength(200)),
  state: TriageStateSchema,
})
export type BulkTriageInput = z.infer<typeof BulkTriageInputSchema>

export const BulkTriageResultSchema = z.object({
  updated: z.array(z.string()),
  /** Groups whose current state does not allow the move (or that do not exist), with why. */
  refused: z.array(z.object({ id: z.string(), reason: z.string() })),
})
export type BulkTriageResult = z.infer<typeof BulkTriageResultSchema>

export const TriageNoteInputSchema = z.strictObject({
  body: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
})
export type TriageNoteInput = z.infer<typeof TriageNoteInputSchema>

export const SignalGroupPathSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(100)) })
