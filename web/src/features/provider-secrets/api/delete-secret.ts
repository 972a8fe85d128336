import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { api, NoContentSchema } from '@/lib/api-client'
import { providerSecretQueries } from './queries'

/** Answers 204 with no body. */
export function deleteProviderSecret(id: string): Promise<void> {
  return api.delete(API.registry.deleteProviderSecret, NoContentSchema, { params: { id } })
}

export function useDeleteProviderSecret() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteProviderSecret,
    onSettled: () => queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() }),
  })
}
