/**
 * The admin commerce view's query keys, on their own so the live stream (app/live-sync.ts, in the
 * first route) can invalidate them on a pushed store snapshot without pulling the admin code into
 * the owner's bundle.
 */
export const adminCommerceKeys = {
  all: () => ['admin', 'commerce'] as const,
}
