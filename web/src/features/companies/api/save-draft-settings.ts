import { useMutation, useQueryClient } from '@tanstack/react-query'
import { DraftSchema, type Draft, type DraftConfig } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { companyQueries } from './queries'

export interface SaveSettingsInput {
  /** The draft as read: its version is the `baseVersion`, its agents and providers are kept. */
  draft: Draft
  settings: DraftConfig['settings']
}

/**
 * Saves the draft's settings map (the rest of the draft as read), optimistic on the draft query
 * with rollback; a stale version answers 409 `stale_draft` like every draft edit.
 */
export function useSaveDraftSettings(id: string, onSaved?: () => void) {
  const queryClient = useQueryClient()
  const key = companyQueries.draft(id).queryKey
  return useMutation({
    mutationFn: ({ draft, settings }: SaveSettingsInput) =>
      api.post(API.registry.saveDraft, DraftSchema, {
        params: { id },
        body: { baseVersion: draft.version, config: { ...draft.config, settings } },
      }),
    onMutate: async ({ draft, settings }) => {
      await queryClient.cancelQueries({ queryKey: key })
      const previous = queryClient.getQueryData(key)
      queryClient.setQueryData(key, { ...draft, config: { ...draft.config, settings } })
      return { previous }
    },
    onError: (_e, _input, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
    },
    onSuccess: (saved) => queryClient.setQueryData(key, saved),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: key })
      onSaved?.()
    },
  })
}
