import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useForm } from 'react-hook-form'
import { z } from 'zod/mini'
import { GracePolicyInputSchema, type BillingAccount, type GracePolicyInput } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useCommonText } from '@/lib/i18n/common-text'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { useSetGracePolicy } from '../api/set-grace-policy'

/** What the inputs hold (text), turned into numbers and checked by the contract's own schema. */
const FormSchema = z.pipe(
  z.pipe(
    z.object({ graceDays: z.string(), restrictAfterDays: z.string(), suspendAfterDays: z.string() }),
    z.transform((d): z.input<typeof GracePolicyInputSchema> => ({
      graceDays: Number(d.graceDays),
      restrictAfterDays: Number(d.restrictAfterDays),
      suspendAfterDays: Number(d.suspendAfterDays),
    })),
  ),
  GracePolicyInputSchema,
)
type Draft = z.input<typeof FormSchema>

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
  const { t } = useTranslation()
  const { register, handleSubmit, formState, reset } = useForm<Draft, unknown, GracePolicyInput>({
    resolver: zodResolver(FormSchema),
    // Follows the server's (or the rolled-back) policy when it changes underneath the form.
    values: toDraft(account),
    // Errors stay until the next save, as the server's do.
    reValidateMode: 'onSubmit',
  })
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
        setSaved(input ? t('gracePolicy.saved') : t('gracePolicy.backOnDefault'))
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'reauth_required') {
          setStepUp(input)
          return
        }
        setStepUp(undefined)
        // Roll the form back with the cache: the server still has the policy shown before saving.
        if (input) reset(toDraft(account))
      },
    })
  const serverErrors = useCommonText().fields(save.error)
  const err = (k: keyof Draft) => formState.errors[k]?.message ?? serverErrors[k]?.[0]

  return (
    <>
      <form
        className="stack"
        aria-label={t('gracePolicy.form')}
        noValidate
        onSubmit={(e) => {
          setSaved(null)
          void handleSubmit(send)(e)
        }}
      >
        <p className="muted">
          {account.policy.isDefault ? t('gracePolicy.followsDefault') : t('gracePolicy.ownPolicy')} {t('gracePolicy.daysCount')}
        </p>
        <div className="row">
          <Field
            label={t('gracePolicy.graceDays')}
            type="number"
            min={0}
            max={365}
            error={err('graceDays')}
            disabled={!canAct}
            {...register('graceDays')}
          />
          <Field
            label={t('gracePolicy.restrictAfter')}
            type="number"
            min={0}
            max={365}
            error={err('restrictAfterDays')}
            disabled={!canAct}
            {...register('restrictAfterDays')}
          />
          <Field
            label={t('gracePolicy.suspendAfter')}
            type="number"
            min={0}
            max={365}
            error={err('suspendAfterDays')}
            disabled={!canAct}
            {...register('suspendAfterDays')}
          />
        </div>
        {save.error && !needsStepUp && Object.keys(serverErrors).length === 0 ? (
          <ErrorMessage error={save.error} title={t('gracePolicy.notSaved')} />
        ) : null}
        {saved ? <p role="status">{saved}</p> : null}
        {canAct ? (
          <div className="row">
            <Button type="submit" variant="primary" busy={save.isPending && save.variables !== null}>
              {t('gracePolicy.save')}
            </Button>
            {account.policy.isDefault ? null : (
              <Button
                busy={save.isPending && save.variables === null}
                onClick={() => {
                  setSaved(null)
                  send(null)
                }}
              >
                {t('gracePolicy.useDefault')}
              </Button>
            )}
          </div>
        ) : (
          <p className="muted small">{t('gracePolicy.ownerOnly')}</p>
        )}
      </form>
      {stepUp !== undefined ? (
        <ReauthDialog
          open
          actionLabel={stepUp ? t('gracePolicy.stepUpChange') : t('gracePolicy.stepUpReset')}
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
