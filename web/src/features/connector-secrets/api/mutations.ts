import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { ConnectorSecretIssuedSchema, ConnectorSecretListSchema } from '@exocorp/shared/connector-events'
import { api } from '@/lib/api-client'
import { connectorSecretQueries } from './queries'

/** Set or rotate (with an overlap) and remove are audited on the server; the posture is read again after each. */
export function useConnectorSecretActions(companyId: string) {
  const queryClient = useQueryClient()
  const onSettled = () => queryClient.invalidateQueries({ queryKey: connectorSecretQueries.all(companyId) })
  return {
    issue: useMutation({
      mutationFn: ({ connector, overlapMinutes }: { connector: string; overlapMinutes?: number }) =>
        api.post(API.registry.issueConnectorSecret, ConnectorSecretIssuedSchema, {
          params: { id: companyId, connector },
          body: overlapMinutes === undefined ? {} : { overlapMinutes },
        }),
      onSettled,
    }),
    remove: useMutation({
      mutationFn: (connector: string) =>
        api.delete(API.registry.removeConnectorSecret, ConnectorSecretListSchema, { params: { id: companyId, connector } }),
      onSettled,
    }),
  }
}
