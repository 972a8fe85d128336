import { useState } from 'react'
import { GracePolicyInputSchema, type BillingAccount, type GracePolicyInput } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { ReauthDialog } from '@/components/reauth-dialog'
import { useSetGracePolicy } from '../api/set-grace-policy'

type Draft = { graceDays: string; restrictAfterDays: string; suspendAfterDays: string }

function toDraft(a: BillingAccount): Draft {
  return {
    graceDays: String(a.policy.graceDays),
    restrictAfterDays: String(a.policy.restrictAfterDays),
    suspendAfterDays: String(a.policy.suspendAfterDays),
  }
}

/** Days of grace, when to restrict, when to suspend — counted from when the balance went overdue. */
export function GracePolicyForm({
  account,
  canAct,
  reauthenticate,
}: {
  account: BillingAccount
  canAct: boolean
  /** Posts the password to /api/auth/reauthenticate; composed by the route from the auth feature. */
  reauthenticate: (password: string) => Promise<unknown>
}) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(account))
  const [shown, setShown] = useState(account.policy)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState<string | null>(null)
  const save = useSetGracePolicy(account.id)
  // `undefined`: no step-up pending; `null`: a pending reset to the platform default.
  const [stepUp, setStepUp] = useState<GracePolicyInput | null | undefined>(undefined)
  const needsStepUp = isApiError(save.error) && save.error.code === 'reauth_required'
  // Another tenant's policy: without a recent password the server asks for it; the same change is
  // sent again once it is confirmed.
  const send = (input: GracePolicyInput | null) =>
    save.mutate(input, {
      onSuccess: () => {
        setStepUp(undefined)
        setSaved(input ? 'Grace policy saved.' : 'Back on the platform default.')
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'reauth_required') {
          setStepUp(input)
          return
        }
        setStepUp(undefined)
        // Roll the form back with the cache: the server still has the policy shown before saving.
        if (input) setDraft(toDraft(account))
      },
    })
  // Follow the server's (or the rolled-back) policy when it changes underneath the form.
  if (JSON.stringify(shown) !== JSON.stringify(account.policy)) {
    setShown(account.policy)
    setDraft(toDraft(account))
  }
  const serverErrors = isApiError(save.error) ? save.error.fieldErrors : {}
  const err = (k: keyof Draft) => errors[k] ?? serverErrors[k]?.[0]
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }))

  return (
    <>
      <form
        className="stack"
        aria-label="Grace policy"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setSaved(null)
          const parsed = GracePolicyInputSchema.safeParse({
            graceDays: Number(draft.graceDays),
            restrictAfterDays: Number(draft.restrictAfterDays),
            suspendAfterDays: Number(draft.suspendAfterDays),
          })
          if (!parsed.success) {
            const next: Record<string, string> = {}
            for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message
            setErrors(next)
            return
          }
          setErrors({})
          send(parsed.data)
        }}
      >
        <p className="muted">
          {account.policy.isDefault ? 'This account follows the platform default.' : 'This account has its own policy.'} Days
          count from when the balance went overdue.
        </p>
        <div className="row">
          <Field
            label="Days of grace"
            type="number"
            min={0}
            max={365}
            value={draft.graceDays}
            onChange={set('graceDays')}
            error={err('graceDays')}
            disabled={!canAct}
          />
          <Field
            label="Restrict after (days)"
            type="number"
            min={0}
            max={365}
            value={draft.restrictAfterDays}
            onChange={set('restrictAfterDays')}
            error={err('restrictAfterDays')}
            disabled={!canAct}
          />
          <Field
            label="Suspend after (days)"
            type="number"
            min={0}
            max={365}
            value={draft.suspendAfterDays}
            onChange={set('suspendAfterDays')}
            error={err('suspendAfterDays')}
            disabled={!canAct}
          />
        </div>
        {save.error && !needsStepUp && Object.keys(serverErrors).length === 0 ? (
          <ErrorMessage error={save.error} title="The policy was not saved." />
        ) : null}
        {saved ? <p role="status">{saved}</p> : null}
        {canAct ? (
          <div className="row">
            <Button type="submit" variant="primary" busy={save.isPending && save.variables !== null}>
              Save policy
            </Button>
            {account.policy.isDefault ? null : (
              <Button
                busy={save.isPending && save.variables === null}
                onClick={() => {
                  setSaved(null)
                  send(null)
                }}
              >
                Use platform default
              </Button>
            )}
          </div>
        ) : (
          <p className="muted small">Only platform owners can change the policy.</p>
        )}
      </form>
      {stepUp !== undefined ? (
        <ReauthDialog
          open
          actionLabel={stepUp ? 'Changing the grace policy' : 'Resetting the grace policy'}
          reauthenticate={reauthenticate}
          onCancel={() => {
            setStepUp(undefined)
            save.reset()
          }}
          onConfirmed={() => send(stepUp)}
        />
      ) : null}
    </>
  )
}
