import { useMutation, useQueryClient } from '@tanstack/react-query'
import { AdjustmentResultSchema, type AdjustmentInput } from '@exocorp/shared/billing'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'
import { adminBillingQueries } from './queries'

export function addAdjustment(accountId: string, input: AdjustmentInput) {
  return api.post(ADMIN_API.addAdjustment, AdjustmentResultSchema, { params: { id: accountId }, body: input })
}

/** Not optimistic on purpose: money moves only once the server has booked the entry. */
export function useAddAdjustment(accountId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: AdjustmentInput) => addAdjustment(accountId, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminBillingQueries.all() }),
  })
}
