/**
 * The admin notifications' query keys, on their own so the live stream (app/live-sync.ts, in the
 * first route) can invalidate them without pulling the admin code into the owner's bundle.
 */
export const adminNotificationKeys = {
  all: () => ['admin-notifications'] as const,
}
