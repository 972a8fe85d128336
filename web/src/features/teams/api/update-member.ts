import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { MemberSchema, type MemberList, type MembershipRole } from '@exocorp/shared/teams'
import { api } from '@/lib/api-client'
import { teamQueries } from './queries'

/** A role change is not destructive: optimistic, with the full recipe (cancel, snapshot, set, roll back, settle). */
export function useUpdateMember(companyId: string) {
  const queryClient = useQueryClient()
  const key = teamQueries.members(companyId).queryKey
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: MembershipRole }) =>
      api.patch(API.registry.updateMember, MemberSchema, { params: { id: companyId, userId }, body: { role } }),
    onMutate: async ({ userId, role }) => {
      await queryClient.cancelQueries({ queryKey: key })
      const previous = queryClient.getQueryData<MemberList>(key)
      queryClient.setQueryData<MemberList>(key, (old) =>
        old ? { items: old.items.map((m) => (m.userId === userId ? { ...m, role } : m)) } : old,
      )
      return { previous }
    },
    onError: (_err, _vars, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  })
}
