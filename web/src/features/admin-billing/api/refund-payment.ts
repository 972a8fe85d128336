import { useMutation, useQueryClient } from '@tanstack/react-query'
import { AdjustmentResultSchema, type RefundInput } from '@exocorp/shared/billing'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'
import { adminBillingQueries } from './queries'

export function refundPayment(accountId: string, input: RefundInput) {
  return api.post(ADMIN_API.refundPayment, AdjustmentResultSchema, { params: { id: accountId }, body: input })
}

/** Not optimistic: money moves only once the provider refunded and the server booked it. */
export function useRefundPayment(accountId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: RefundInput) => refundPayment(accountId, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminBillingQueries.all() }),
  })
}
