import { z } from 'zod/mini'
import { keyedPattern, rule } from './field-rules'
import { ProviderSchema } from './companies'

/*
 * Platform operations III (issue 19 item 3, decision 043): the remaining destructive super-admin
 * actions of seed 003 — BYOK revoke, broadcasts, newsletter export, platform skill documents. Admins
 * read; platform owners act, each with a fresh step-up, each attempt audited.
 */

const Reason = z
  .string()
  .check(z.trim(), z.minLength(3, 'Say why, in at least 3 characters'), z.maxLength(500, 'At most 500 characters'))

// ---- BYOK revoke -------------------------------------------------------------------------------

/** A tenant's credential as an admin sees it: never the value. */
export const AdminCredentialSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  label: z.string(),
  last4: z.string(),
  createdAt: z.string(),
  /** Exocorps (not destroyed) bound to it. */
  boundCompanies: z.int().check(z.nonnegative()),
})
export type AdminCredential = z.infer<typeof AdminCredentialSchema>

export const CredentialRevocationSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  label: z.string(),
  last4: z.string(),
  reason: z.string(),
  revokedAt: z.string(),
  /** Exocorps whose binding now shows the credential as revoked. */
  affectedCompanies: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
})
export type CredentialRevocation = z.infer<typeof CredentialRevocationSchema>

export const AdminCredentialListSchema = z.object({
  items: z.array(AdminCredentialSchema),
  revocations: z.array(CredentialRevocationSchema),
})
export type AdminCredentialList = z.infer<typeof AdminCredentialListSchema>

export const RevokeCredentialInputSchema = z.strictObject({ reason: Reason })
export type RevokeCredentialInput = z.infer<typeof RevokeCredentialInputSchema>

export const CredentialPathSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(100)) })
export const AdminUserPathSchema = z.object({ userId: z.string().check(z.minLength(1), z.maxLength(100)) })

// ---- Broadcasts --------------------------------------------------------------------------------

/** Who sees a broadcast: everyone, owners of an exocorp, platform staff, or newsletter subscribers. */
export const BroadcastSegmentSchema = z.enum(['all', 'owners', 'admins', 'newsletter'])
export type BroadcastSegment = z.infer<typeof BroadcastSegmentSchema>
export const BroadcastSeveritySchema = z.enum(['info', 'warning', 'critical'])
export type BroadcastSeverity = z.infer<typeof BroadcastSeveritySchema>

const IsoInstant = z.iso.datetime({ offset: true, message: 'An ISO 8601 date and time, e.g. 2026-12-01T09:00:00Z' })

/** At most 90 days on screen. */
export const BROADCAST_MAX_MS = 90 * 24 * 3600_000

export const CreateBroadcastInputSchema = z
  .strictObject({
    title: z.string().check(z.trim(), z.minLength(3, 'At least 3 characters'), z.maxLength(120, 'At most 120 characters')),
    body: z.string().check(z.trim(), z.minLength(1, 'Write the message'), z.maxLength(2000, 'At most 2000 characters')),
    segment: BroadcastSegmentSchema,
    severity: z._default(BroadcastSeveritySchema, 'info'),
    /** Omitted: now. */
    startsAt: z.optional(IsoInstant),
    endsAt: IsoInstant,
  })
  .check(
    z.refine(
      (v) => Date.parse(v.endsAt) > (v.startsAt ? Date.parse(v.startsAt) : 0),
      rule('The end must come after the start', 'broadcast_end_after_start', ['endsAt']),
    ),
    z.refine(
      (v) => !v.startsAt || Date.parse(v.endsAt) - Date.parse(v.startsAt) <= BROADCAST_MAX_MS,
      rule('A broadcast runs at most 90 days', 'broadcast_at_most_days', ['endsAt']),
    ),
  )
export type CreateBroadcastInput = z.infer<typeof CreateBroadcastInputSchema>

export const BroadcastStateSchema = z.enum(['scheduled', 'live', 'ended', 'cancelled'])
export type BroadcastState = z.infer<typeof BroadcastStateSchema>

export const BroadcastSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  segment: BroadcastSegmentSchema,
  severity: BroadcastSeveritySchema,
  startsAt: z.string(),
  endsAt: z.string(),
  state: BroadcastStateSchema,
  createdAt: z.string(),
  /** How many users were notified when it went live; null until then. */
  recipients: z.nullable(z.int()),
})
export type Broadcast = z.infer<typeof BroadcastSchema>
export const BroadcastListSchema = z.object({ items: z.array(BroadcastSchema) })
export type BroadcastList = z.infer<typeof BroadcastListSchema>
export const BroadcastPathSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(100)) })

/** What a signed-in user's console shows as banners: live broadcasts for their segment. */
export const ActiveBroadcastSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  severity: BroadcastSeveritySchema,
  endsAt: z.string(),
})
export type ActiveBroadcast = z.infer<typeof ActiveBroadcastSchema>
export const ActiveBroadcastListSchema = z.object({ items: z.array(ActiveBroadcastSchema) })
export type ActiveBroadcastList = z.infer<typeof ActiveBroadcastListSchema>

/** The state a broadcast is in at `now` (one rule for the BFF and the mock). */
export function broadcastStateAt(b: { startsAt: string; endsAt: string; cancelledAt: string | null }, now: Date): BroadcastState {
  if (b.cancelledAt) return 'cancelled'
  const t = now.getTime()
  if (t < Date.parse(b.startsAt)) return 'scheduled'
  if (t >= Date.parse(b.endsAt)) return 'ended'
  return 'live'
}

// ---- Newsletter --------------------------------------------------------------------------------

export const NewsletterPreferenceSchema = z.object({ optedIn: z.boolean(), since: z.nullable(z.string()) })
export type NewsletterPreference = z.infer<typeof NewsletterPreferenceSchema>
export const NewsletterPreferenceInputSchema = z.strictObject({ optedIn: z.boolean() })
export type NewsletterPreferenceInput = z.infer<typeof NewsletterPreferenceInputSchema>
export const NewsletterExportInputSchema = z.strictObject({})
export const NewsletterSummarySchema = z.object({ subscribers: z.int().check(z.nonnegative()) })
export type NewsletterSummary = z.infer<typeof NewsletterSummarySchema>

// ---- Skill documents ---------------------------------------------------------------------------

/** Served at `/skills/<slug>.md`; the built-in `connect-agent` stays code-generated. */
export const SkillSlugSchema = z.string().check(
  z.regex(
    keyedPattern(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, 'skill_slug_pattern'),
    'Lowercase letters, digits and dashes, 3–64 characters',
  ),
  z.refine((s) => s !== 'connect-agent', rule('connect-agent is built in', 'skill_slug_builtin')),
)
export const SaveSkillDocumentInputSchema = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(3, 'At least 3 characters'), z.maxLength(120, 'At most 120 characters')),
  body: z.string().check(z.minLength(1, 'Write the document'), z.maxLength(100_000, 'At most 100,000 characters')),
})
export type SaveSkillDocumentInput = z.infer<typeof SaveSkillDocumentInputSchema>
export const SkillPathSchema = z.object({ slug: SkillSlugSchema })

export const SkillDocumentSchema = z.object({
  slug: z.string(),
  title: z.string(),
  /** Where agents read it. */
  path: z.string(),
  currentVersion: z.int(),
  updatedAt: z.string(),
  deletedAt: z.nullable(z.string()),
})
export type SkillDocument = z.infer<typeof SkillDocumentSchema>
export const SkillDocumentListSchema = z.object({ items: z.array(SkillDocumentSchema) })
export type SkillDocumentList = z.infer<typeof SkillDocumentListSchema>
export const SkillDocumentVersionSchema = z.object({
  version: z.int(),
  body: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
})
export type SkillDocumentVersion = z.infer<typeof SkillDocumentVersionSchema>
export const SkillDocumentDetailSchema = z.object({
  document: SkillDocumentSchema,
  versions: z.array(SkillDocumentVersionSchema),
})
export type SkillDocumentDetail = z.infer<typeof SkillDocumentDetailSchema>
