import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ProviderSecretSchema } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { providerSecretQueries } from './queries'

export function rotateProviderSecret(id: string, value: string) {
  return api.post(API.registry.rotateProviderSecret, ProviderSecretSchema, { params: { id }, body: { value } })
}

export function useRotateProviderSecret() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, value }: { id: string; value: string }) => rotateProviderSecret(id, value),
    onSettled: () => queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() }),
  })
}
