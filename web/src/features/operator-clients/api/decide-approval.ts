import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ApprovalViewSchema, type OperatorAccessLevel } from '@exocorp/shared/operator-clients'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { operatorClientQueries } from './queries'

export type Decision =
  { decision: 'approve'; access: OperatorAccessLevel; companyIds: readonly string[] | null } | { decision: 'deny' }

export function decideApproval(userCode: string, d: Decision) {
  return api.post(d.decision === 'approve' ? API.operatorClients.approve : API.operatorClients.deny, ApprovalViewSchema, {
    params: { userCode },
    body: d.decision === 'approve' ? { access: d.access, companyIds: d.companyIds ? [...d.companyIds] : null } : {},
  })
}

/** Approve or deny a waiting agent; the answer (the request's new status) replaces the cached view. */
export function useDecideApproval(userCode: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (decision: Decision) => decideApproval(userCode, decision),
    onSuccess: (view) => queryClient.setQueryData(operatorClientQueries.approval(userCode).queryKey, view),
    onSettled: () => queryClient.invalidateQueries({ queryKey: operatorClientQueries.list().queryKey }),
  })
}
