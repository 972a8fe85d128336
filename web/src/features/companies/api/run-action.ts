import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ActionResultSchema, type ActionInput } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { companyQueries, invalidateFleet } from './queries'

export function runCompanyAction(id: string, input: ActionInput) {
  return api.post(API.registry.companyAction, ActionResultSchema, { params: { id }, body: input })
}

/**
 * One hook for the lifecycle actions: the returned company goes straight into the cache, so the page
 * shows the new state at once, and the detail query's refetchInterval polls until it settles;
 * useRefreshWhenSettled then refreshes everything the finished job changed.
 */
export function useRunCompanyAction(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ActionInput) => runCompanyAction(id, input),
    onSuccess: (result) => {
      queryClient.setQueryData(companyQueries.detail(id).queryKey, result.company)
      void invalidateFleet(queryClient)
      void queryClient.invalidateQueries({ queryKey: companyQueries.audits(id) })
      void queryClient.invalidateQueries({ queryKey: companyQueries.handshake(id).queryKey })
      // The history gains the job at once (running, or finished for an immediate action).
      void queryClient.invalidateQueries({ queryKey: companyQueries.deploymentPages(id) })
    },
  })
}
