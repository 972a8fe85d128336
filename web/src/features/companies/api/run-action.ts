import { useMutation, useQueryClient } from '@tanstack/react-query'
import {
  ActionResultSchema,
  type ActionInput,
  type CompanyDetail,
  type CompanyList,
  type CompanyStatus,
  type LifecycleAction,
} from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { companyQueries, invalidateFleet } from './queries'

export function runCompanyAction(id: string, input: ActionInput) {
  return api.post(API.registry.companyAction, ActionResultSchema, { params: { id }, body: input })
}

/**
 * Actions whose outcome is known before the answer: the runtime only has to acknowledge. They show
 * at once (issue 12: "optimistic everywhere it is safe") and roll back if the BFF refuses or fails.
 * Jobs (provision, update, …) are not: their path goes through phases the server reports.
 */
const OPTIMISTIC: Partial<Record<LifecycleAction, { from: CompanyStatus; to: CompanyStatus }>> = {
  pause: { from: 'running', to: 'paused' },
  resume: { from: 'paused', to: 'running' },
}

/**
 * One hook for the lifecycle actions: the returned company goes straight into the cache, so the page
 * shows the new state at once, and the detail query's refetchInterval polls until it settles;
 * useRefreshWhenSettled then refreshes everything the finished job changed. Pause and resume are
 * optimistic (cancel → snapshot → set → roll back on error → invalidate on settle) on the detail and
 * on every fleet-list page that shows the exocorp.
 */
export function useRunCompanyAction(id: string) {
  const queryClient = useQueryClient()
  const detailKey = companyQueries.detail(id).queryKey
  return useMutation({
    mutationFn: (input: ActionInput) => runCompanyAction(id, input),
    onMutate: async (input) => {
      const move = OPTIMISTIC[input.action]
      const detail = queryClient.getQueryData(detailKey)
      if (!move || !detail || detail.status !== move.from) return { detail: undefined, lists: [] }
      await Promise.all([
        queryClient.cancelQueries({ queryKey: detailKey, exact: true }),
        queryClient.cancelQueries({ queryKey: companyQueries.lists() }),
      ])
      const lists = queryClient.getQueriesData<CompanyList>({ queryKey: companyQueries.lists() })
      const next: CompanyDetail = {
        ...detail,
        status: move.to,
        // Nothing else may start until the runtime has answered.
        allowedActions: detail.allowedActions.map((a) => ({ ...a, allowed: false, reason: 'Waiting for the runtime' })),
      }
      queryClient.setQueryData(detailKey, next)
      queryClient.setQueriesData<CompanyList>({ queryKey: companyQueries.lists() }, (page) =>
        page ? { ...page, items: page.items.map((c) => (c.id === id ? { ...c, status: move.to } : c)) } : page,
      )
      return { detail, lists }
    },
    onError: (_error, _input, context) => {
      if (context?.detail) queryClient.setQueryData(detailKey, context.detail)
      for (const [key, page] of context?.lists ?? []) queryClient.setQueryData(key, page)
    },
    onSuccess: (result) => {
      queryClient.setQueryData(detailKey, result.company)
      void queryClient.invalidateQueries({ queryKey: companyQueries.audits(id) })
      void queryClient.invalidateQueries({ queryKey: companyQueries.handshake(id).queryKey })
      // The history gains the job at once (running, or finished for an immediate action).
      void queryClient.invalidateQueries({ queryKey: companyQueries.deploymentPages(id) })
    },
    onSettled: () => void invalidateFleet(queryClient),
  })
}
