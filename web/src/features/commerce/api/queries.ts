import { queryOptions } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { CompanyCommerceSchema } from '@exocorp/shared/commerce'
import { api } from '@/lib/api-client'

/** An exocorp's stores (decision 055). Snapshots are not pushed: polled (ETag, 304 when unchanged). */
export const commerceQueries = {
  all: (companyId: string) => ['companies', companyId, 'commerce'] as const,
  stores: (companyId: string) =>
    queryOptions({
      queryKey: commerceQueries.all(companyId),
      queryFn: ({ signal }) => api.get(API.registry.commerce, CompanyCommerceSchema, { params: { id: companyId }, signal }),
      refetchInterval: 15_000,
      refetchIntervalInBackground: false,
    }),
}
