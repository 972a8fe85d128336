import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ActionResultSchema, type ActionInput, type AdminCompanyDetail } from '@exocorp/shared/companies'
import { api } from '@/lib/api-client'
import { adminCompanyQueries } from './queries'

export function runAdminAction(companyId: string, input: ActionInput) {
  return api.post(`/api/admin/companies/${encodeURIComponent(companyId)}/actions`, ActionResultSchema, input)
}

/** One lifecycle action on any tenant's exocorp; the answer's status goes straight into the cache. */
export function useRunAdminAction(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ActionInput) => runAdminAction(companyId, input),
    onSuccess: (result) => {
      queryClient.setQueryData(adminCompanyQueries.detail(companyId).queryKey, (old: AdminCompanyDetail | undefined) =>
        old ? { ...old, ...result.company, currentJob: result.job ?? result.company.currentJob } : old,
      )
    },
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: adminCompanyQueries.detail(companyId).queryKey }),
        queryClient.invalidateQueries({ queryKey: adminCompanyQueries.runtime(companyId).queryKey }),
        queryClient.invalidateQueries({ queryKey: adminCompanyQueries.lists() }),
        queryClient.invalidateQueries({ queryKey: adminCompanyQueries.stats().queryKey }),
      ])
    },
  })
}
