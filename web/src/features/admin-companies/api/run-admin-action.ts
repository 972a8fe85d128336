import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { AdminActionResultSchema, type ActionInput } from '@exocorp/shared/companies'
import { api } from '@/lib/api-client'
import { adminCompanyQueries, invalidateAdminCompany } from './queries'

/** Parsed with the admin's own answer schema: ActionResultSchema would strip the owner and member count. */
export function runAdminAction(companyId: string, input: ActionInput) {
  return api.post(ADMIN_API.companyAction, AdminActionResultSchema, { params: { id: companyId }, body: input })
}

/** One lifecycle action on any tenant's exocorp; the answer goes straight into the cache. */
export function useRunAdminAction(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ActionInput) => runAdminAction(companyId, input),
    onSuccess: (result) => {
      queryClient.setQueryData(adminCompanyQueries.detail(companyId).queryKey, (old) =>
        old ? { ...result.company, currentJob: result.job ?? result.company.currentJob } : old,
      )
    },
    onSettled: () => invalidateAdminCompany(queryClient, companyId),
  })
}
