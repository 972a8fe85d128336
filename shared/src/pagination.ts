import { z } from 'zod/mini'

/** Cursor pages: `nextCursor` is opaque; null when there is nothing after this page. */
export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.nullable(z.string()),
  })
}

/** `?limit=` for list endpoints: 1–200, default 50. */
export const PageLimitSchema = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50)
