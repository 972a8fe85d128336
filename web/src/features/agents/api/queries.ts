import { queryOptions } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { AgentDetailSchema, AgentPageSchema, DraftDiffSchema, ModelCatalogSchema } from '@exocorp/shared/configuration'
import { api } from '@/lib/api-client'

export const agentQueries = {
  all: (companyId: string) => ['agents', companyId] as const,
  list: (companyId: string) =>
    queryOptions({
      queryKey: [...agentQueries.all(companyId), 'list'] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.agents, AgentPageSchema, { params: { id: companyId }, query: { limit: 50 }, signal }),
    }),
  detail: (companyId: string, agentId: string) =>
    queryOptions({
      queryKey: [...agentQueries.all(companyId), 'detail', agentId] as const,
      queryFn: ({ signal }) => api.get(API.registry.agent, AgentDetailSchema, { params: { id: companyId, agentId }, signal }),
    }),
  diff: (companyId: string) =>
    queryOptions({
      queryKey: [...agentQueries.all(companyId), 'diff'] as const,
      queryFn: ({ signal }) => api.get(API.registry.draftDiff, DraftDiffSchema, { params: { id: companyId }, signal }),
    }),
  models: () =>
    queryOptions({
      queryKey: ['models'] as const,
      queryFn: ({ signal }) => api.get(API.registry.models, ModelCatalogSchema, { signal }),
      staleTime: 60_000,
    }),
}
