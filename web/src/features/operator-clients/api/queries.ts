import { queryOptions } from '@tanstack/react-query'
import { ApprovalViewSchema, OperatorClientListSchema } from '@exocorp/shared/operator-clients'
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
}
