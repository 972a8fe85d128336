import { z } from 'zod/mini'
import { DeviceSessionSchema } from './account'
import { AuditEventSchema } from './audit'
import { PlatformRoleSchema } from './auth'
import { CompanyStatusSchema } from './companies'
import { OperatorClientSchema } from './operator-clients'
import { PageLimitSchema, pageOf } from './pagination'
import { MembershipRoleSchema } from './teams'

export const UserStateSchema = z.enum(['active', 'disabled'])
export type UserState = z.infer<typeof UserStateSchema>

export const AdminUserRowSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: PlatformRoleSchema,
  state: UserStateSchema,
  createdAt: z.string(),
  lastSignInAt: z.nullable(z.string()),
  /** Exocorps (not destroyed) this user is the primary owner of. */
  ownedCount: z.number(),
})
export type AdminUserRow = z.infer<typeof AdminUserRowSchema>
export const AdminUserPageSchema = pageOf(AdminUserRowSchema)
export type AdminUserPage = z.infer<typeof AdminUserPageSchema>

export const ADMIN_USER_SORTS = ['email', 'name', 'role', 'createdAt', 'lastSignInAt'] as const
export const AdminUserQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(100))),
  role: z.optional(PlatformRoleSchema),
  state: z.optional(UserStateSchema),
  sort: z._default(z.enum(ADMIN_USER_SORTS), 'createdAt'),
  order: z._default(z.enum(['asc', 'desc']), 'desc'),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type AdminUserQuery = z.infer<typeof AdminUserQuerySchema>

export const AdminUserDetailSchema = z.object({
  user: AdminUserRowSchema,
  companies: z.array(
    z.object({ id: z.string(), slug: z.string(), name: z.string(), status: CompanyStatusSchema, role: MembershipRoleSchema }),
  ),
  sessions: z.array(DeviceSessionSchema),
  tokens: z.array(OperatorClientSchema),
  /** The latest audit events this user did or was the target of. */
  recentAudit: z.array(AuditEventSchema),
})
export type AdminUserDetail = z.infer<typeof AdminUserDetailSchema>

export const UserPathSchema = z.object({ userId: z.string().check(z.minLength(1), z.maxLength(100)) })
export const UserSessionPathSchema = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(100)),
  sessionId: z.string().check(z.minLength(1), z.maxLength(100)),
})

export const SetUserRoleInputSchema = z.strictObject({ role: PlatformRoleSchema })
export type SetUserRoleInput = z.infer<typeof SetUserRoleInputSchema>
