import { queryOptions } from '@tanstack/react-query'
import { ProviderSecretListSchema } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const providerSecretQueries = {
  all: () => ['provider-secrets'] as const,
  list: () =>
    queryOptions({
      queryKey: [...providerSecretQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => api.get(API.registry.providerSecrets, ProviderSecretListSchema, { signal }),
    }),
}
