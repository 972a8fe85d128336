import { z } from 'zod/mini'
import { EmailSchema, PasswordSchema } from './auth'

const NameSchema = z.string().check(z.trim(), z.minLength(1, 'Enter your name'), z.maxLength(100, 'Name is too long'))
const CurrentPasswordSchema = z
  .string()
  .check(z.minLength(1, 'Enter your current password'), z.maxLength(128, 'Password is too long'))

/** Name and email; a new email needs the current password. */
export const UpdateProfileInputSchema = z
  .strictObject({
    name: z.optional(NameSchema),
    email: z.optional(EmailSchema),
    currentPassword: z.optional(CurrentPasswordSchema),
  })
  .check(
    z.refine((v) => v.name !== undefined || v.email !== undefined, { message: 'Change the name or the email', path: ['name'] }),
    z.refine((v) => v.email === undefined || v.currentPassword !== undefined, {
      message: 'Enter your current password to change the email',
      path: ['currentPassword'],
    }),
  )
export type UpdateProfileInput = z.infer<typeof UpdateProfileInputSchema>

/**
 * `currentPassword` is required, except in a session signed in with a recovery code (whose user
 * has lost the password and is asked to set a new one before anything else).
 */
export const ChangePasswordInputSchema = z.strictObject({
  currentPassword: z.optional(CurrentPasswordSchema),
  newPassword: PasswordSchema,
})
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>

export const ChangePasswordResultSchema = z.object({
  /** How many other sessions (devices) were signed out. */
  signedOutSessions: z.number(),
})
export type ChangePasswordResult = z.infer<typeof ChangePasswordResultSchema>

export const RecoveryKitInputSchema = z.strictObject({ password: CurrentPasswordSchema })
export type RecoveryKitInput = z.infer<typeof RecoveryKitInputSchema>

export const RecoveryKitSchema = z.object({
  /** Shown once; the server keeps only their hashes, and the previous codes stop working. */
  recoveryCodes: z.array(z.string()),
})
export type RecoveryKit = z.infer<typeof RecoveryKitSchema>

/**
 * The kit this session was shown and has not yet confirmed saving (null when none): a reload of the
 * page that showed it shows the same codes again, for an hour at most, until the user confirms.
 */
export const PendingRecoveryKitSchema = z.object({ recoveryCodes: z.nullable(z.array(z.string())) })
export type PendingRecoveryKit = z.infer<typeof PendingRecoveryKitSchema>

export const RecoveryKitSavedSchema = z.object({ ok: z.literal(true) })

/** One signed-in browser (a session), as the Devices page lists it. */
export const DeviceSessionSchema = z.object({
  id: z.string(),
  browser: z.string(),
  os: z.string(),
  ip: z.nullable(z.string()),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
})
export type DeviceSession = z.infer<typeof DeviceSessionSchema>

export const DeviceSessionListSchema = z.object({ items: z.array(DeviceSessionSchema) })
export type DeviceSessionList = z.infer<typeof DeviceSessionListSchema>

export const SessionPathSchema = z.object({ sessionId: z.string().check(z.minLength(1), z.maxLength(100)) })

export const SignedOutSchema = z.object({ signedOut: z.number() })
export type SignedOut = z.infer<typeof SignedOutSchema>
