import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { FlagChangeSchema, type SetFlagInput } from '@exocorp/shared/rollout'
import { api } from '@/lib/api-client'
import { adminRuntimeQueries } from './queries'

export type FlagAction = { kind: 'set'; input: SetFlagInput } | { kind: 'revert'; changeId: string }

async function run(action: FlagAction) {
  if (action.kind === 'set') return api.post(ADMIN_API.setFlag, FlagChangeSchema, { body: action.input })
  return api.post(ADMIN_API.revertFlagChange, FlagChangeSchema, { params: { changeId: action.changeId }, body: {} })
}

/** Flag changes need a fresh step-up (`reauth_required` opens the dialog) and are audited; not optimistic. */
export function useFlagAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminRuntimeQueries.all() }),
  })
}
