import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { z } from 'zod/mini'
import { api } from '@/lib/api-client'
import { teamQueries } from './queries'

/** Destructive: confirmed first, and the row leaves once the server agrees. */
export function useRemoveMember(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (userId: string) =>
      api.delete(API.registry.removeMember, z.object({ ok: z.literal(true) }), { params: { id: companyId, userId } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamQueries.members(companyId).queryKey }),
  })
}
