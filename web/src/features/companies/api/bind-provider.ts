import { useMutation, useQueryClient } from '@tanstack/react-query'
import { BindingListSchema, type BindInput, type BindingList } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { companyQueries, invalidateFleet } from './queries'

export function bindProvider(id: string, input: BindInput) {
  return api.post(API.registry.bind, BindingListSchema, { params: { id }, body: input })
}

/** A bind, and what the page knows of the credential so the row can show it before the answer. */
export type BindVariables = BindInput & { shown?: { label: string; last4: string } }

/**
 * Binding and unbinding a provider's credential, optimistic on the exocorp's bindings (cancel →
 * snapshot → set → roll back on error → invalidate on settle): the row shows the new credential at
 * once and returns to what it was if the BFF refuses.
 */
export function useBindProvider(id: string) {
  const queryClient = useQueryClient()
  const key = companyQueries.bindings(id).queryKey
  return useMutation({
    mutationFn: ({ provider, secretId }: BindVariables) => bindProvider(id, { provider, secretId }),
    onMutate: async ({ provider, secretId, shown }) => {
      await queryClient.cancelQueries({ queryKey: key })
      const previous = queryClient.getQueryData(key)
      if (previous) {
        const items = previous.items.map((b) =>
          b.provider !== provider
            ? b
            : {
                ...b,
                secretId,
                secretLabel: secretId ? (shown?.label ?? null) : null,
                last4: secretId ? (shown?.last4 ?? null) : null,
                boundAt: secretId ? new Date().toISOString() : null,
              },
        )
        const next: BindingList = {
          items,
          coverage: { ...previous.coverage, configured: items.filter((b) => b.required && b.secretId).length },
        }
        queryClient.setQueryData(key, next)
      }
      return { previous }
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
    },
    onSuccess: (bindings) => queryClient.setQueryData(key, bindings),
    onSettled: () => {
      // Readiness, allowed actions and the update handshake all depend on bindings.
      void queryClient.invalidateQueries({ queryKey: companyQueries.scope(id) })
      void invalidateFleet(queryClient)
    },
  })
}
