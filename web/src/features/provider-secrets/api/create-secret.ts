import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ProviderSecretSchema, type CreateProviderSecretInput } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { providerSecretQueries } from './queries'

export function createProviderSecret(input: CreateProviderSecretInput) {
  return api.post(API.registry.createProviderSecret, ProviderSecretSchema, { body: input })
}

export function useCreateProviderSecret() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createProviderSecret,
    onSettled: () => queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() }),
  })
}
