import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ReauthenticateResultSchema } from '@exocorp/shared/auth'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { authQueries } from './queries'

export function reauthenticate(password: string) {
  return api.post(API.auth.reauthenticate, ReauthenticateResultSchema, { body: { password } })
}

export function useReauthenticate() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: reauthenticate,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authQueries.me().queryKey }),
  })
}
