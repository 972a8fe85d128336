/**
 * An exocorp's commerce query keys, on their own so the live stream (app/live-sync.ts, in the first
 * route) can invalidate them on a pushed store snapshot without pulling the Store tab into it.
 */
export const commerceKeys = {
  all: (companyId: string) => ['companies', companyId, 'commerce'] as const,
}
