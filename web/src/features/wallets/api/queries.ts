import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { AgentWalletListSchema, AgentWalletSchema, type AgentWalletInput } from '@exocorp/shared/agent-wallets'
import { api } from '@/lib/api-client'

export const walletQueries = {
  all: () => ['agent-wallets'] as const,
  /** One exocorp's agent wallets with this month's spend (decision 040). */
  list: (companyId: string) =>
    queryOptions({
      queryKey: [...walletQueries.all(), companyId] as const,
      queryFn: ({ signal }) => api.get(API.billing.agentWallets, AgentWalletListSchema, { signal, query: { companyId } }),
      // Runtimes spend on their own: keep "spent" fresh while the tab is open.
      refetchInterval: 30_000,
    }),
}

export function useSetAgentWallet(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: AgentWalletInput) => api.put(API.billing.setAgentWallet, AgentWalletSchema, { body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletQueries.list(companyId).queryKey }),
  })
}
