import { z } from 'zod/mini'

/**
 * `GET /api/portal/handoff`: the console's link to an exocorp's operator portal (decision 032).
 * `next` is the path on the portal host to land on; anything but a path becomes `/`.
 */
export const PortalHandoffQuerySchema = z.strictObject({
  slug: z.string().check(z.minLength(1), z.maxLength(63)),
  next: z.optional(z.string().check(z.maxLength(2000))),
})
export type PortalHandoffQuery = z.infer<typeof PortalHandoffQuerySchema>
