import { useState } from 'react'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { isApiError } from '@/lib/api-client'

/** What a platform owner's action needs of its mutation. */
interface SteppedMutation<A, R> {
  mutate: (action: A, options: { onSuccess: (result: R) => void }) => void
  error: Error | null
  reset: () => void
}

/**
 * One admin action at a time, sent again after the step-up dialog when the server answers
 * `reauth_required`. The action and what follows it are kept, so the retry continues the same way.
 * Render `dialog` once on the screen.
 */
export function useSteppedAction<A, R>(
  action: SteppedMutation<A, R>,
  { actionLabel, reauthenticate }: { actionLabel: string; reauthenticate: (password: string) => Promise<unknown> },
) {
  const [pending, setPending] = useState<{ a: A; onDone?: ((result: R) => void) | undefined } | null>(null)
  const act = (a: A, onDone?: (result: R) => void) => {
    setPending({ a, onDone })
    action.mutate(a, { onSuccess: (result) => onDone?.(result) })
  }
  const stepUp = isApiError(action.error) && action.error.code === 'reauth_required'
  const dialog = (
    <ReauthDialog
      open={stepUp}
      onCancel={() => action.reset()}
      reauthenticate={reauthenticate}
      onConfirmed={() => {
        if (pending) act(pending.a, pending.onDone)
      }}
      actionLabel={actionLabel}
    />
  )
  return { act, stepUp, dialog }
}
