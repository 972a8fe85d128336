import { z } from 'zod/mini'
import { EmailSchema } from './auth'

/** An exocorp's people: owners act, members read (DESIGN.md, second wave). */
export const MEMBERSHIP_ROLES = ['owner', 'member'] as const
export const MembershipRoleSchema = z.enum(MEMBERSHIP_ROLES)
export type MembershipRole = z.infer<typeof MembershipRoleSchema>

export const MemberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: MembershipRoleSchema,
  /** The account the exocorp's usage is billed to; ownership can be transferred to another owner. */
  primaryOwner: z.boolean(),
  addedAt: z.string(),
  /** The latest request of any of their sessions, else their last sign-in; null if never seen. */
  lastActiveAt: z.nullable(z.string()),
})
export type Member = z.infer<typeof MemberSchema>

export const MemberListSchema = z.object({ items: z.array(MemberSchema) })
export type MemberList = z.infer<typeof MemberListSchema>

export const UpdateMemberInputSchema = z.strictObject({ role: MembershipRoleSchema })
export type UpdateMemberInput = z.infer<typeof UpdateMemberInputSchema>

export const MemberPathSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  userId: z.string().check(z.minLength(1), z.maxLength(100)),
})
export const InvitationPathSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  invitationId: z.string().check(z.minLength(1), z.maxLength(100)),
})
export const MyInvitationPathSchema = z.object({ invitationId: z.string().check(z.minLength(1), z.maxLength(100)) })

/** Makes another member the primary (billed) owner; they become an owner if they were a member. */
export const TransferOwnershipInputSchema = z.strictObject({
  userId: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The exocorp's slug, typed to confirm. */
  confirm: z.string().check(z.maxLength(100)),
})
export type TransferOwnershipInput = z.infer<typeof TransferOwnershipInputSchema>

/** Invitations last seven days. */
export const INVITATION_TTL_DAYS = 7

export const InvitationStatusSchema = z.enum(['pending', 'accepted', 'declined', 'revoked', 'expired'])
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>

export const InvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: MembershipRoleSchema,
  status: InvitationStatusSchema,
  invitedBy: z.object({ name: z.string(), email: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string(),
  respondedAt: z.nullable(z.string()),
})
export type Invitation = z.infer<typeof InvitationSchema>

export const InvitationListSchema = z.object({ items: z.array(InvitationSchema) })
export type InvitationList = z.infer<typeof InvitationListSchema>

export const CreateInvitationInputSchema = z.strictObject({ email: EmailSchema, role: MembershipRoleSchema })
export type CreateInvitationInput = z.infer<typeof CreateInvitationInputSchema>

/** The link holds the only copy of its token (the server keeps a hash): shown once, to the inviter. */
export const IssuedInvitationSchema = z.object({ invitation: InvitationSchema, inviteUrl: z.string() })
export type IssuedInvitation = z.infer<typeof IssuedInvitationSchema>

/** A pending invitation addressed to the signed-in user. */
export const MyInvitationSchema = z.object({
  id: z.string(),
  company: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  role: MembershipRoleSchema,
  invitedBy: z.object({ name: z.string(), email: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string(),
})
export type MyInvitation = z.infer<typeof MyInvitationSchema>

export const MyInvitationListSchema = z.object({ items: z.array(MyInvitationSchema) })
export type MyInvitationList = z.infer<typeof MyInvitationListSchema>

export const AcceptInvitationTokenInputSchema = z.strictObject({
  token: z.string().check(z.trim(), z.minLength(1, 'Paste the invitation link'), z.maxLength(200, 'Not an invitation token')),
})
export type AcceptInvitationTokenInput = z.infer<typeof AcceptInvitationTokenInputSchema>

export const InvitationResponseSchema = z.object({
  status: z.enum(['accepted', 'declined']),
  company: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  role: MembershipRoleSchema,
})
export type InvitationResponse = z.infer<typeof InvitationResponseSchema>
