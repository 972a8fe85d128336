import { z } from 'zod/mini'

/** Every non-2xx response from the BFF carries this envelope. */
export const ErrorCodeSchema = z.enum([
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'reauth_required',
  /** A session opened with a recovery code calls anything but set-password, me or sign-out. */
  'password_change_required',
  'not_found',
  'method_not_allowed',
  'misdirected_request',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'too_many_requests',
  'service_unavailable',
  'upgrade_required',
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCodeSchema>

/** `details.fields` of a 400: English sentences per field path (the issue behind each: field-issues.ts). */
export const FieldErrorsSchema = z.record(z.string(), z.array(z.string()))
export type FieldErrors = z.infer<typeof FieldErrorsSchema>

export const ApiErrorBodySchema = z.object({
  error: z.object({
    // Unknown codes from a newer server still parse; the UI treats them generically.
    code: z.string(),
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
    requestId: z.optional(z.string()),
  }),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>
