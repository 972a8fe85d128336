import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  BulkTriageResultSchema,
  SignalGroupSchema,
  TriageNoteSchema,
  type TriageState,
  type UpdateSignalGroupInput,
} from '@exocorp/shared/feedback'
import { api } from '@/lib/api-client'
import { adminFeedbackQueries } from './queries'

export type TriageAction =
  | { kind: 'update'; id: string; input: UpdateSignalGroupInput }
  | { kind: 'note'; id: string; body: string }
  | { kind: 'bulk'; ids: string[]; state: TriageState }

async function run(action: TriageAction): Promise<void> {
  switch (action.kind) {
    case 'update':
      await api.patch(ADMIN_API.updateFeedbackGroup, SignalGroupSchema, { params: { id: action.id }, body: action.input })
      return
    case 'note':
      await api.post(ADMIN_API.addFeedbackNote, TriageNoteSchema, { params: { id: action.id }, body: { body: action.body } })
      return
    case 'bulk':
      await api.post(ADMIN_API.bulkTriage, BulkTriageResultSchema, { body: { ids: action.ids, state: action.state } })
  }
}

/** Audited triage actions (platform owner, step-up): not optimistic; `reauth_required` opens the step-up dialog. */
export function useTriageAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminFeedbackQueries.all() }),
  })
}
