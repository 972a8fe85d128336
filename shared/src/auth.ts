import { z } from 'zod/mini'

export const PlatformRoleSchema = z.enum(['user', 'admin', 'platform_owner'])
export type PlatformRole = z.infer<typeof PlatformRoleSchema>

export const EmailSchema = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254, 'Email is too long')),
  z.email('Enter a valid email address'),
)

export const PasswordSchema = z
  .string()
  .check(z.minLength(8, 'Password must be at least 8 characters'), z.maxLength(128, 'Password must be at most 128 characters'))

export const SignupInputSchema = z.strictObject({
  email: EmailSchema,
  name: z.string().check(z.trim(), z.minLength(1, 'Enter your name'), z.maxLength(100, 'Name is too long')),
  password: PasswordSchema,
})
export type SignupInput = z.infer<typeof SignupInputSchema>

export const LoginInputSchema = z
  .strictObject({
    email: EmailSchema,
    password: z.optional(z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(128, 'Password is too long'))),
    recoveryCode: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'Enter a recovery code'), z.maxLength(64, 'Code is too long')),
    ),
  })
  .check(
    z.refine((v) => (v.password === undefined) !== (v.recoveryCode === undefined), {
      message: 'Give either a password or a recovery code',
      path: ['password'],
    }),
  )
export type LoginInput = z.infer<typeof LoginInputSchema>

export const ReauthenticateInputSchema = z.strictObject({
  password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(128, 'Password is too long')),
})
export type ReauthenticateInput = z.infer<typeof ReauthenticateInputSchema>

export const MeSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: PlatformRoleSchema,
    createdAt: z.string(),
  }),
  roles: z.array(PlatformRoleSchema),
  isPlatformOwner: z.boolean(),
  isAdmin: z.boolean(),
  /** ISO time of the last password re-entry in this session, or null. */
  reauthenticatedAt: z.nullable(z.string()),
  via: z.enum(['session', 'operator_client']),
  /** This session was opened with a recovery code: the user must set a new password before anything else. */
  mustSetPassword: z.boolean(),
  /** Unused recovery codes left; sent while `mustSetPassword` (the user just spent one). */
  recoveryCodesRemaining: z.optional(z.int().check(z.nonnegative())),
})
export type Me = z.infer<typeof MeSchema>

export const SignupResultSchema = z.object({
  me: MeSchema,
  /** Shown once; the server keeps only their hashes. */
  recoveryCodes: z.array(z.string()),
})
export type SignupResult = z.infer<typeof SignupResultSchema>

export const ReauthenticateResultSchema = z.object({
  reauthenticatedAt: z.string(),
  validUntil: z.string(),
})
export type ReauthenticateResult = z.infer<typeof ReauthenticateResultSchema>
