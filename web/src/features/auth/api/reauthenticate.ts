import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ReauthenticateResultSchema } from '@exocorp/shared/auth'
import { api } from '@/lib/api-client'
import { authQueries } from './queries'

export function reauthenticate(password: string) {
  return api.post('/api/auth/reauthenticate', ReauthenticateResultSchema, { password })
}

export function useReauthenticate() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: reauthenticate,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authQueries.me().queryKey }),
  })
}
