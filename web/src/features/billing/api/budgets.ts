import { useMutation, useQueryClient } from '@tanstack/react-query'
import { BudgetListSchema, BudgetSchema, type BudgetInput } from '@exocorp/shared/billing'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { billingQueries } from './queries'

export function useSetBudget() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: BudgetInput) => api.put(API.billing.setBudget, BudgetSchema, { body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: billingQueries.budgets().queryKey }),
  })
}

export function useDeleteBudget() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(API.billing.deleteBudget, BudgetListSchema, { params: { id } }),
    onSuccess: (list) => queryClient.setQueryData(billingQueries.budgets().queryKey, list),
  })
}
