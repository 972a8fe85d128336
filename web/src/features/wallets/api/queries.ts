import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import {
  AgentCardSchema,
  AgentWalletListSchema,
  AgentWalletSchema,
  SpendRequestPageSchema,
  SpendRequestSchema,
  type AgentWalletInput,
  type FundAgentWalletInput,
  type IssueAgentCardInput,
  type SpendApprovalInput,
  type UpdateAgentCardInput,
} from '@exocorp/shared/agent-wallets'
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

/** Spend requests waiting for an owner (decision 048); polled while the tab is open, runtimes ask on their own. */
export const spendRequestQueries = {
  all: () => ['spend-requests'] as const,
  pending: (companyId: string) =>
    queryOptions({
      queryKey: [...spendRequestQueries.all(), companyId, 'pending_approval'] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.spendRequests, SpendRequestPageSchema, {
          signal,
          params: { id: companyId },
          query: { status: 'pending_approval' },
        }),
      refetchInterval: 10_000,
    }),
}

function useWalletMutation<I, R>(companyId: string, fn: (input: I) => Promise<R>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: walletQueries.list(companyId).queryKey }),
        queryClient.invalidateQueries({ queryKey: spendRequestQueries.pending(companyId).queryKey }),
      ]),
  })
}

export function useDecideSpendRequest(companyId: string) {
  return useWalletMutation(companyId, (input: { requestId: string } & SpendApprovalInput) => {
    const { requestId, ...body } = input
    return api.post(API.registry.decideSpendRequest, SpendRequestSchema, { params: { id: companyId, requestId }, body })
  })
}

export function useIssueAgentCard(companyId: string) {
  return useWalletMutation(companyId, (body: IssueAgentCardInput) =>
    api.post(API.registry.issueAgentCard, AgentCardSchema, { params: { id: companyId }, body }),
  )
}

export function useUpdateAgentCard(companyId: string) {
  return useWalletMutation(companyId, (input: { cardId: string } & UpdateAgentCardInput) => {
    const { cardId, ...body } = input
    return api.patch(API.registry.updateAgentCard, AgentCardSchema, { params: { id: companyId, cardId }, body })
  })
}

export function useCancelAgentCard(companyId: string) {
  return useWalletMutation(companyId, (cardId: string) =>
    api.post(API.registry.cancelAgentCard, AgentCardSchema, { params: { id: companyId, cardId }, body: {} }),
  )
}

export function useFundAgentWallet(companyId: string) {
  return useWalletMutation(companyId, (input: { walletId: string } & FundAgentWalletInput) => {
    const { walletId, ...body } = input
    return api.post(API.registry.fundAgentWallet, AgentWalletSchema, { params: { id: companyId, walletId }, body })
  })
}
