import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { AgentMutationResultSchema, type AgentDetail, type AgentPage } from '@exocorp/shared/configuration'
import { api } from '@/lib/api-client'
import { agentQueries } from './queries'

export interface AgentFields {
  name: string
  role: string
  model: string
}

export function createAgent(companyId: string, baseVersion: number, fields: AgentFields) {
  return api.post(API.registry.createAgent, AgentMutationResultSchema, {
    params: { id: companyId },
    body: { baseVersion, ...fields },
  })
}

export function updateAgent(companyId: string, agentId: string, baseVersion: number, fields: Partial<AgentFields>) {
  return api.patch(API.registry.updateAgent, AgentMutationResultSchema, {
    params: { id: companyId, agentId },
    body: { baseVersion, ...fields },
  })
}

export function deleteAgent(companyId: string, agentId: string, baseVersion: number) {
  return api.delete(API.registry.deleteAgent, AgentMutationResultSchema, {
    params: { id: companyId, agentId },
    query: { baseVersion },
  })
}

export function duplicateAgent(companyId: string, agentId: string, baseVersion: number) {
  return api.post(API.registry.duplicateAgent, AgentMutationResultSchema, {
    params: { id: companyId, agentId },
    body: { baseVersion },
  })
}

type Edit =
  | { kind: 'create'; fields: AgentFields }
  | { kind: 'update'; agentId: string; fields: Partial<AgentFields> }
  | { kind: 'delete'; agentId: string }
  | { kind: 'duplicate'; agentId: string }

/**
 * Every agent edit, optimistic where the result is known (edit, delete: cancel → snapshot → set →
 * roll back on error → invalidate on settle). Each names the draft version it was made on, so a
 * stale one comes back 409 `stale_draft` and rolls back.
 */
export function useEditAgent(companyId: string, onChanged?: () => void) {
  const queryClient = useQueryClient()
  const key = agentQueries.list(companyId).queryKey
  return useMutation({
    mutationFn: (edit: Edit & { baseVersion: number }) => {
      switch (edit.kind) {
        case 'create':
          return createAgent(companyId, edit.baseVersion, edit.fields)
        case 'update':
          return updateAgent(companyId, edit.agentId, edit.baseVersion, edit.fields)
        case 'delete':
          return deleteAgent(companyId, edit.agentId, edit.baseVersion)
        case 'duplicate':
          return duplicateAgent(companyId, edit.agentId, edit.baseVersion)
      }
    },
    onMutate: async (edit) => {
      await queryClient.cancelQueries({ queryKey: agentQueries.all(companyId) })
      const previous = queryClient.getQueryData(key)
      if (previous && (edit.kind === 'update' || edit.kind === 'delete')) {
        const next: AgentPage = {
          ...previous,
          items:
            edit.kind === 'delete'
              ? previous.items.filter((a) => a.id !== edit.agentId)
              : previous.items.map((a) => (a.id === edit.agentId ? { ...a, ...edit.fields } : a)),
        }
        queryClient.setQueryData(key, next)
      }
      // The agent's own page shows the edit at once too (a delete leaves it to the caller, which navigates away).
      const detailKey = edit.kind === 'update' ? agentQueries.detail(companyId, edit.agentId).queryKey : null
      const previousDetail = detailKey ? queryClient.getQueryData(detailKey) : undefined
      if (detailKey && previousDetail && edit.kind === 'update') {
        const next: AgentDetail = { ...previousDetail, agent: { ...previousDetail.agent, ...edit.fields } }
        queryClient.setQueryData(detailKey, next)
      }
      return { previous, detailKey, previousDetail }
    },
    onError: (_error, _edit, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
      if (context?.detailKey && context.previousDetail) queryClient.setQueryData(context.detailKey, context.previousDetail)
    },
    onSettled: (_result, error, edit) => {
      // A deleted agent's page is left alone (it would only read 404 while its page navigates away).
      const gone = !error && edit.kind === 'delete' ? agentQueries.detail(companyId, edit.agentId).queryKey : null
      void queryClient.invalidateQueries({
        queryKey: agentQueries.all(companyId),
        predicate: (q) => !gone || q.queryKey.join('/') !== gone.join('/'),
      })
      onChanged?.()
    },
  })
}
