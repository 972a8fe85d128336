import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AdjustmentInputSchema, type AdjustmentInput, type AdjustmentResult, type BillingAccount } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useAddAdjustment } from '../api/add-adjustment'
import { Dialog } from '@/components/ui/dialog'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { formatMoney } from '@/lib/format'

/** One key per opening of the dialog: a retry after a timeout or a 5xx cannot book twice. */
function newIdempotencyKey() {
  return `adj-${crypto.randomUUID()}`
}

/** Posts the password to /api/auth/reauthenticate; composed by the route from the auth feature. */
type Reauthenticate = (password: string) => Promise<unknown>

const needsStepUp = (error: unknown) => isApiError(error) && error.code === 'reauth_required'

function AdjustmentForm({
  account,
  onDone,
  reauthenticate,
}: {
  account: BillingAccount
  onDone: (result: AdjustmentResult) => void
  reauthenticate: Reauthenticate
}) {
  const { t } = useTranslation()
  const [idempotencyKey] = useState(newIdempotencyKey)
  const [stepUp, setStepUp] = useState<AdjustmentInput | null>(null)
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({})
  const add = useAddAdjustment(account.id)
  const serverFields = isApiError(add.error) ? add.error.fieldErrors : {}
  const amountError = fieldErrors.amount ?? serverFields.amountMicros?.[0]
  const reasonError = fieldErrors.reason ?? serverFields.reason?.[0]
  // Someone else's money: without a recent password the server asks for it, and the same
  // adjustment (same idempotency key) is sent again once it is confirmed.
  const send = (input: AdjustmentInput) =>
    add.mutate(input, {
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
          const value = Number(amount)
          if (!amount.trim() || !Number.isFinite(value) || value <= 0) {
            setFieldErrors({ amount: t('adjustment.amountError') })
            return
          }
          const micros = Math.round(value * 1_000_000) * (direction === 'debit' ? -1 : 1)
          const parsed = AdjustmentInputSchema.safeParse({ amountMicros: micros, reason, idempotencyKey })
          if (!parsed.success) {
            const errs: Record<string, string> = {}
            for (const issue of parsed.error.issues) {
              const key = issue.path[0] === 'amountMicros' ? 'amount' : String(issue.path[0])
              errs[key] ??= issue.message
            }
            setFieldErrors(errs)
            return
          }
          setFieldErrors({})
          send(parsed.data)
        }}
      >
        <fieldset className="stack">
          <legend>{t('adjustment.direction')}</legend>
          <label className="checkbox">
            <input type="radio" name="direction" checked={direction === 'credit'} onChange={() => setDirection('credit')} />
            {t('adjustment.credit')}
          </label>
          <label className="checkbox">
            <input type="radio" name="direction" checked={direction === 'debit'} onChange={() => setDirection('debit')} />
            {t('adjustment.debit')}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="adjust-amount">{t('adjustment.amount', { currency: account.currency })}</label>
          <input
            id="adjust-amount"
            inputMode="decimal"
            placeholder="12.50"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? 'adjust-amount-error' : undefined}
          />
          {amountError ? (
            <p id="adjust-amount-error" className="field-error">
              {amountError}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="adjust-reason">{t('adjustment.reason')}</label>
          <textarea
            id="adjust-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? 'adjust-reason-error' : 'adjust-reason-hint'}
          />
          {reasonError ? (
            <p id="adjust-reason-error" className="field-error">
              {reasonError}
            </p>
          ) : (
            <p id="adjust-reason-hint" className="field-hint">
              {t('adjustment.reasonHint')}
            </p>
          )}
        </div>
        {add.error && !needsStepUp(add.error) && Object.keys(serverFields).length === 0 ? (
          <ErrorMessage
            error={add.error}
            title={isApiError(add.error) && add.error.status === 409 ? t('adjustment.refused') : t('adjustment.notBooked')}
          />
        ) : null}
        <p className="muted small">
          {t('adjustment.keyBefore')} <code>{idempotencyKey}</code>
          {t('adjustment.keyAfter')}
        </p>
        <div className="dialog-actions">
          <Button type="submit" variant="primary" busy={add.isPending}>
            {add.isError && !needsStepUp(add.error) ? t('adjustment.tryAgain') : t('adjustment.book')}
          </Button>
        </div>
      </form>
      {stepUp ? (
        <ReauthDialog
          open
          actionLabel={t('adjustment.stepUp')}
          reauthenticate={reauthenticate}
          onCancel={() => {
            setStepUp(null)
            add.reset()
          }}
          onConfirmed={() => send(stepUp)}
        />
      ) : null}
    </>
  )
}

/** "Adjust balance" button and its dialog; platform owners only. */
export function AdjustBalance({
  account,
  onBooked,
  reauthenticate,
}: {
  account: BillingAccount
  onBooked: (message: string) => void
  reauthenticate: Reauthenticate
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        {t('adjustment.open')}
      </Button>
      {open ? (
        <Dialog
          open
          onOpenChange={setOpen}
          title={t('adjustment.open')}
          description={t('adjustment.description', {
            email: account.owner.email,
            balance: formatMoney(account.balanceMicros, account.currency),
          })}
        >
          <AdjustmentForm
            account={account}
            reauthenticate={reauthenticate}
            onDone={(result) => {
              setOpen(false)
              const amount = formatMoney(Math.abs(result.entry.amountMicros), account.currency)
              onBooked(
                result.created
                  ? t(result.entry.amountMicros < 0 ? 'adjustment.debited' : 'adjustment.credited', {
                      amount,
                      balance: formatMoney(result.account.balanceMicros, account.currency),
                    })
                  : t('adjustment.duplicate'),
              )
            }}
          />
        </Dialog>
      ) : null}
    </>
  )
}
