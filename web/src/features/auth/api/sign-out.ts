import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { api } from '@/lib/api-client'
import { authQueries } from './queries'

export function signOut() {
  return api.post('/api/auth/logout', z.object({ ok: z.boolean() }))
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
