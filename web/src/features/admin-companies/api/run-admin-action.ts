import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { AdminCompanyDetailSchema, JobSchema, type ActionInput } from '@exocorp/shared/companies'
import { z } from 'zod/mini'
import { api } from '@/lib/api-client'
import { adminCompanyQueries } from './queries'

/**
 * The admin action's answer carries the admin view of the exocorp (owner, member count), which the
 * owner's ActionResultSchema would strip. TODO(shared): belongs in shared/src/companies.ts as
 * `AdminActionResultSchema`, next to ActionResultSchema, typed by the BFF route too.
 */
const AdminActionResultSchema = z.object({ company: AdminCompanyDetailSchema, job: z.nullable(JobSchema) })

export function runAdminAction(companyId: string, input: ActionInput) {
  return api.post(API.admin.companyAction, AdminActionResultSchema, { params: { id: companyId }, body: input })
}

/** One lifecycle action on any tenant's exocorp; the answer goes straight into the cache. */
export function useRunAdminAction(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ActionInput) => runAdminAction(companyId, input),
    onSuccess: (result) => {
      queryClient.setQueryData(adminCompanyQueries.detail(companyId).queryKey, {
        ...result.company,
        currentJob: result.job ?? result.company.currentJob,
      })
    },
    onSettled: () => invalidateAdminCompany(queryClient, companyId),
  })
}
