import { useMutation, useQueryClient } from '@tanstack/react-query'
import { OperatorClientSchema, type OperatorClientList } from '@exocorp/shared/operator-clients'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { operatorClientQueries } from './queries'

export function revokeOperatorClient(id: string) {
  return api.post(API.operatorClients.revoke, OperatorClientSchema, { params: { id }, body: {} })
}

/** Destructive, so confirmed first and not optimistic: the row changes once the token is dead. */
export function useRevokeOperatorClient() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeOperatorClient,
    onSuccess: (client) =>
      queryClient.setQueryData(operatorClientQueries.list().queryKey, (old: OperatorClientList | undefined) =>
        old ? { items: old.items.map((c) => (c.id === client.id ? client : c)) } : old,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: operatorClientQueries.list().queryKey }),
  })
}
