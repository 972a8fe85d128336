import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CompanyList, CompanyStatus, LifecycleAction } from '@exocorp/shared/companies'
import { BulkActionResultSchema, type BulkActionInput, type BulkActionResult } from '@exocorp/shared/configuration'
import { API } from '@exocorp/shared/api-paths'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'
import { companyQueries, invalidateFleet } from './queries'

/** `owner`: the caller's own exocorps; `admin`: the platform owner's twin over any exocorp. */
export type BulkScope = 'owner' | 'admin'

export function bulkAction(input: BulkActionInput, scope: BulkScope = 'owner') {
  return api.post(scope === 'admin' ? ADMIN_API.bulkActions : API.registry.bulkActions, BulkActionResultSchema, { body: input })
}

/** `dryRun`: what each selected exocorp would do; changes nothing on the server. */
export function useBulkPreview(scope: BulkScope = 'owner') {
  return useMutation({
    mutationFn: (input: Omit<BulkActionInput, 'dryRun' | 'confirm'>) => bulkAction({ ...input, dryRun: true }, scope),
  })
}

/**
 * Where pause and resume land: they change no runtime version and rarely fail, so the table shows
 * the new status at once (rolled back if the request fails). Other actions start jobs whose
 * statuses the list polls, so they are not guessed.
 */
const OPTIMISTIC_TARGET: Partial<Record<LifecycleAction, CompanyStatus>> = { pause: 'paused', resume: 'running' }

/** Writes per-item statuses into every cached list page that shows those exocorps. */
function setListStatuses(queryClient: ReturnType<typeof useQueryClient>, statuses: Map<string, CompanyStatus>) {
  queryClient.setQueriesData<CompanyList>({ queryKey: companyQueries.lists() }, (page) =>
    page ? { ...page, items: page.items.map((c) => (statuses.has(c.id) ? { ...c, status: statuses.get(c.id)! } : c)) } : page,
  )
}

export interface BulkRunInput {
  action: LifecycleAction
  companyIds: string[]
  confirm?: string | undefined
  /** The ids the preview allowed: only those are shown moved before the answer arrives. */
  allowedIds: string[]
}

/**
 * Runs the action on every selected exocorp (one job each, server-side). Pause/resume are
 * optimistic with the full recipe; every action writes the returned statuses into the list
 * pages, then refreshes the fleet views and each touched exocorp.
 */
export function useBulkRun(scope: BulkScope = 'owner', onSettled?: () => void) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ action, companyIds, confirm }: BulkRunInput): Promise<BulkActionResult> =>
      bulkAction({ action, companyIds, ...(confirm !== undefined ? { confirm } : {}) }, scope),
    onMutate: async ({ action, allowedIds }) => {
      const target = OPTIMISTIC_TARGET[action]
      if (!target) return { snapshot: null }
      await queryClient.cancelQueries({ queryKey: companyQueries.lists() })
      const snapshot = queryClient.getQueriesData<CompanyList>({ queryKey: companyQueries.lists() })
      setListStatuses(queryClient, new Map(allowedIds.map((id) => [id, target])))
      return { snapshot }
    },
    onError: (_error, _input, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data)
    },
    onSuccess: (result) => {
      const statuses = new Map<string, CompanyStatus>()
      for (const item of result.items) if (item.status) statuses.set(item.companyId, item.status)
      setListStatuses(queryClient, statuses)
    },
    onSettled: (_result, _error, { companyIds }) => {
      void invalidateFleet(queryClient)
      for (const id of companyIds) void queryClient.invalidateQueries({ queryKey: companyQueries.scope(id) })
      onSettled?.()
    },
  })
}
