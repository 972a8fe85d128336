import { queryOptions } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { ConnectorSecretListSchema } from '@exocorp/shared/connector-events'
import { api } from '@/lib/api-client'

/** An exocorp's connectors and their verification posture (decisions 047, 056). */
export const connectorSecretQueries = {
  all: (companyId: string) => ['connector-secrets', companyId] as const,
  list: (companyId: string) =>
    queryOptions({
      queryKey: [...connectorSecretQueries.all(companyId), 'list'] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.connectorSecrets, ConnectorSecretListSchema, { params: { id: companyId }, signal }),
    }),
}
