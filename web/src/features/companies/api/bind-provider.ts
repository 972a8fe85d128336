import { useMutation, useQueryClient } from '@tanstack/react-query'
import { BindingListSchema, type BindInput } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { companyQueries, invalidateFleet } from './queries'

export function bindProvider(id: string, input: BindInput) {
  return api.post(API.registry.bind, BindingListSchema, { params: { id }, body: input })
}

export function useBindProvider(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: BindInput) => bindProvider(id, input),
    onSuccess: (bindings) => {
      queryClient.setQueryData(companyQueries.bindings(id).queryKey, bindings)
      // Readiness, allowed actions and the update handshake all depend on bindings.
      void queryClient.invalidateQueries({ queryKey: companyQueries.scope(id) })
      void invalidateFleet(queryClient)
    },
  })
}
