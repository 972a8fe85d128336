import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { AdminNotificationSchema, BulkAdminNotificationResultSchema } from '@exocorp/shared/admin-notifications'
import { api } from '@/lib/api-client'
import { adminNotificationKeys } from './keys'

export type NotificationAction =
  | { kind: 'update'; id: string; state: 'acknowledged' | 'resolved' }
  | { kind: 'bulk'; ids: string[]; state: 'acknowledged' | 'resolved' }

async function run(action: NotificationAction): Promise<void> {
  if (action.kind === 'update') {
    await api.patch(ADMIN_API.updateNotification, AdminNotificationSchema, {
      params: { id: action.id },
      body: { state: action.state },
    })
  } else {
    await api.post(ADMIN_API.bulkNotifications, BulkAdminNotificationResultSchema, {
      body: { ids: action.ids, state: action.state },
    })
  }
}

/** Acknowledge / resolve (platform owner, step-up, audited): `reauth_required` opens the step-up dialog. */
export function useNotificationAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminNotificationKeys.all() }),
  })
}
