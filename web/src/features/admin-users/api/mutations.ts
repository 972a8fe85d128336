import { useMutation, useQueryClient } from '@tanstack/react-query'
import { AdminUserRowSchema } from '@exocorp/shared/admin-users'
import { SignedOutSchema } from '@exocorp/shared/account'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import type { PlatformRole } from '@exocorp/shared/auth'
import { api } from '@/lib/api-client'
import { adminUserQueries } from './queries'

export type AdminUserAction =
  { kind: 'role'; role: PlatformRole } | { kind: 'disable' } | { kind: 'enable' } | { kind: 'cancelSession'; sessionId: string }

async function run(userId: string, action: AdminUserAction): Promise<void> {
  switch (action.kind) {
    case 'role':
      await api.post(ADMIN_API.setUserRole, AdminUserRowSchema, { params: { userId }, body: { role: action.role } })
      return
    case 'disable':
      await api.post(ADMIN_API.disableUser, AdminUserRowSchema, { params: { userId }, body: {} })
      return
    case 'enable':
      await api.post(ADMIN_API.enableUser, AdminUserRowSchema, { params: { userId }, body: {} })
      return
    case 'cancelSession':
      await api.delete(ADMIN_API.cancelUserSession, SignedOutSchema, { params: { userId, sessionId: action.sessionId } })
  }
}

/** Cross-tenant and audited: not optimistic; a `reauth_required` answer opens the step-up dialog. */
export function useAdminUserAction(userId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (action: AdminUserAction) => run(userId, action),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminUserQueries.all() }),
  })
}
