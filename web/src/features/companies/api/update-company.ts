import { useMutation, useQueryClient } from '@tanstack/react-query'
import { CompanyDetailSchema, type UpdateCompanyInput } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { companyQueries } from './queries'

export function updateCompany(id: string, input: UpdateCompanyInput) {
  return api.patch(API.registry.updateCompany, CompanyDetailSchema, { params: { id }, body: input })
}

/** Rename and channel change: optimistic (cancel → snapshot → set → roll back → invalidate). */
export function useUpdateCompany(id: string) {
  const queryClient = useQueryClient()
  const key = companyQueries.detail(id).queryKey
  return useMutation({
    mutationFn: (input: UpdateCompanyInput) => updateCompany(id, input),
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: key })
      const previous = queryClient.getQueryData(key)
      if (previous) queryClient.setQueryData(key, { ...previous, ...input })
      return { previous }
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: companyQueries.scope(id) })
      void queryClient.invalidateQueries({ queryKey: companyQueries.lists() })
    },
  })
}
