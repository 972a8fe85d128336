import { useMutation, useQueryClient } from '@tanstack/react-query'
import { BillingAccountSchema, type BillingAccountDetail, type GracePolicyInput } from '@exocorp/shared/billing'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'
import { adminBillingQueries } from './queries'

/** `null` goes back to the platform default. */
export function setGracePolicy(accountId: string, input: GracePolicyInput | null) {
  const params = { id: accountId }
  return input
    ? api.put(ADMIN_API.setGracePolicy, BillingAccountSchema, { params, body: input })
    : api.delete(ADMIN_API.resetGracePolicy, BillingAccountSchema, { params })
}

/** Optimistic: the form shows the new policy at once and rolls back if the server refuses it. */
export function useSetGracePolicy(accountId: string) {
  const queryClient = useQueryClient()
  const key = adminBillingQueries.accountScope(accountId)
  return useMutation({
    mutationFn: (input: GracePolicyInput | null) => setGracePolicy(accountId, input),
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: key })
      const snapshot = queryClient.getQueriesData<BillingAccountDetail>({ queryKey: key })
      if (input) {
        queryClient.setQueriesData<BillingAccountDetail>({ queryKey: key }, (old) =>
          old
            ? {
                ...old,
                account: {
                  ...old.account,
                  policy: {
                    graceDays: input.graceDays,
                    restrictAfterDays: input.restrictAfterDays ?? input.graceDays,
                    suspendAfterDays: input.suspendAfterDays,
                    thresholdMicros: input.thresholdMicros ?? old.account.policy.thresholdMicros,
                    isDefault: false,
                  },
                },
              }
            : old,
        )
      }
      return { snapshot }
    },
    onError: (_error, _input, context) => {
      for (const [k, data] of context?.snapshot ?? []) queryClient.setQueryData(k, data)
    },
    onSuccess: (account) => {
      queryClient.setQueriesData<BillingAccountDetail>({ queryKey: key }, (old) => (old ? { ...old, account } : old))
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminBillingQueries.all() }),
  })
}
