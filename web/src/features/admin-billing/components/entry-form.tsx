import { useState, type ReactNode } from 'react'
import type { UseMutationResult } from '@tanstack/react-query'
import type { AdjustmentResult } from '@exocorp/shared/billing'
import { Button, type ButtonProps } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { useCommonText } from '@/lib/i18n/common-text'
import { parseDecimalInput } from '@/lib/input-formats'

/** Posts the password to /api/auth/reauthenticate; composed by the route from the auth feature. */
export type Reauthenticate = (password: string) => Promise<unknown>

export const needsStepUp = (error: unknown) => isApiError(error) && error.code === 'reauth_required'

type FieldErrors = Record<string, string | undefined>

/** The request built from what was typed, or the errors to show next to the fields. */
export type EntryInput<I> = { data: I } | { errors: Record<string, string> }

/** A schema's issues as the form's field errors (the amount field stands for `amountMicros`). */
export function entryFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errs: Record<string, string> = {}
  for (const issue of issues) {
    const key = issue.path[0] === 'amountMicros' ? 'amount' : String(issue.path[0])
    errs[key] ??= issue.message
  }
  return errs
}

/**
 * An amount and a reason booked on someone else's account (a refund, an adjustment). Without a
 * recent password the server asks for it, and the same request (same idempotency key) is sent
 * again once it is confirmed.
 */
export function EntryForm<I>({
  idPrefix,
  mutation,
  toInput,
  initialAmount = '',
  amountPlaceholder,
  text,
  submitVariant,
  before,
  after,
  reauthenticate,
  onDone,
}: {
  /** Prefix of the fields' ids: `<prefix>-amount`, `<prefix>-reason`. */
  idPrefix: string
  mutation: UseMutationResult<AdjustmentResult, Error, I>
  /** `amount` in the machine form ("12.50"), whatever the language's separator in the field. */
  toInput: (amount: string, reason: string) => EntryInput<NoInfer<I>>
  initialAmount?: string
  amountPlaceholder?: string
  text: {
    amount: string
    reason: string
    reasonHint: string
    stepUp: string
    errorTitle: (error: Error) => string
    submit: string
  }
  submitVariant: ButtonProps['variant']
  before?: ReactNode
  after?: ReactNode
  reauthenticate: Reauthenticate
  onDone: (result: AdjustmentResult) => void
}) {
  const [amount, setAmount] = useState(initialAmount)
  const [reason, setReason] = useState('')
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [stepUp, setStepUp] = useState<I | null>(null)
  const serverFields = useCommonText().fields(mutation.error)
  const amountError = fieldErrors.amount ?? serverFields.amountMicros?.[0]
  const reasonError = fieldErrors.reason ?? serverFields.reason?.[0]
  const send = (input: I) =>
    mutation.mutate(input, {
      onSuccess: (result) => {
        setStepUp(null)
        onDone(result)
      },
      onError: (error) => setStepUp(needsStepUp(error) ? input : null),
    })
  return (
    <>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const input = toInput(parseDecimalInput(amount), reason)
          if ('errors' in input) {
            setFieldErrors(input.errors)
            return
          }
          setFieldErrors({})
          send(input.data)
        }}
      >
        {before}
        <div className="field">
          <label htmlFor={`${idPrefix}-amount`}>{text.amount}</label>
          <input
            id={`${idPrefix}-amount`}
            inputMode="decimal"
            placeholder={amountPlaceholder}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? `${idPrefix}-amount-error` : undefined}
          />
          {amountError ? (
            <p id={`${idPrefix}-amount-error`} className="field-error">
              {amountError}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-reason`}>{text.reason}</label>
          <textarea
            id={`${idPrefix}-reason`}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? `${idPrefix}-reason-error` : `${idPrefix}-reason-hint`}
          />
          {reasonError ? (
            <p id={`${idPrefix}-reason-error`} className="field-error">
              {reasonError}
            </p>
          ) : (
            <p id={`${idPrefix}-reason-hint`} className="field-hint">
              {text.reasonHint}
            </p>
          )}
        </div>
        {mutation.error && !needsStepUp(mutation.error) && Object.keys(serverFields).length === 0 ? (
          <ErrorMessage error={mutation.error} title={text.errorTitle(mutation.error)} />
        ) : null}
        {after}
        <div className="dialog-actions">
          <Button type="submit" variant={submitVariant} busy={mutation.isPending}>
            {text.submit}
          </Button>
        </div>
      </form>
      {stepUp ? (
        <ReauthDialog
          open
          actionLabel={text.stepUp}
          reauthenticate={reauthenticate}
          onCancel={() => {
            setStepUp(null)
            mutation.reset()
          }}
          onConfirmed={() => send(stepUp)}
        />
      ) : null}
    </>
  )
}
