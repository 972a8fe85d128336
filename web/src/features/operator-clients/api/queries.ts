import { queryOptions } from '@tanstack/react-query'
import { CompanyListSchema } from '@exocorp/shared/companies'
import { ApprovalViewSchema, MAX_CHOSEN_COMPANIES, OperatorClientListSchema } from '@exocorp/shared/operator-clients'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const operatorClientQueries = {
  all: () => ['operator-clients'] as const,
  list: () =>
    queryOptions({
      queryKey: [...operatorClientQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => api.get(API.operatorClients.list, OperatorClientListSchema, { signal }),
    }),
  approval: (userCode: string) =>
    queryOptions({
      queryKey: [...operatorClientQueries.all(), 'approval', userCode] as const,
      queryFn: ({ signal }) => api.get(API.operatorClients.approval, ApprovalViewSchema, { params: { userCode }, signal }),
    }),
  /** The exocorps the human can hand an agent, by name: the first page the consent screen can offer. */
  choosable: () =>
    queryOptions({
      queryKey: [...operatorClientQueries.all(), 'choosable'] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.myCompanies, CompanyListSchema, {
          query: { sort: 'name', order: 'asc', limit: MAX_CHOSEN_COMPANIES },
          signal,
        }),
    }),
}
