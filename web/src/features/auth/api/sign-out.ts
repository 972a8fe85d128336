import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { authQueries } from './queries'

export function signOut() {
  return api.post(API.auth.logout, z.object({ ok: z.boolean() }), { body: {} })
}

export function useSignOut() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: signOut,
    onSettled: () => {
      queryClient.clear()
      queryClient.setQueryData(authQueries.me().queryKey, null)
    },
  })
}
