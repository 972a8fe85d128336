import { queryOptions } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { CustomDomainListSchema } from '@exocorp/shared/domains'
import { api } from '@/lib/api-client'

export const customDomainQueries = {
  all: (companyId: string) => ['custom-domains', companyId] as const,
  list: (companyId: string) =>
    queryOptions({
      queryKey: [...customDomainQueries.all(companyId), 'list'] as const,
      queryFn: ({ signal }) => api.get(API.registry.customDomains, CustomDomainListSchema, { params: { id: companyId }, signal }),
    }),
}
