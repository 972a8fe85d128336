import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AdjustmentInputSchema, type AdjustmentResult, type BillingAccount } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { isApiError } from '@/lib/api-client'
import { useAddAdjustment } from '../api/add-adjustment'
import { Dialog } from '@/components/ui/dialog'
import { formatMoney } from '@/lib/format'
import { formatDecimalInput } from '@/lib/input-formats'
import { EntryForm, entryFieldErrors, needsStepUp, type Reauthenticate } from './entry-form'

/** One key per opening of the dialog: a retry after a timeout or a 5xx cannot book twice. */
function newIdempotencyKey() {
  return `adj-${crypto.randomUUID()}`
}

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
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit')
  const add = useAddAdjustment(account.id)
  return (
    <EntryForm
      idPrefix="adjust"
      mutation={add}
      amountPlaceholder={formatDecimalInput(12.5, 2)}
      toInput={(amount, reason) => {
        const value = Number(amount)
        if (!amount.trim() || !Number.isFinite(value) || value <= 0)
          return { errors: { amount: t('adjustment.amountError', { example: formatDecimalInput(12.5, 2) }) } }
        const micros = Math.round(value * 1_000_000) * (direction === 'debit' ? -1 : 1)
        const parsed = AdjustmentInputSchema.safeParse({ amountMicros: micros, reason, idempotencyKey })
        return parsed.success ? { data: parsed.data } : { errors: entryFieldErrors(parsed.error.issues) }
      }}
      text={{
        amount: t('adjustment.amount', { currency: account.currency }),
        reason: t('adjustment.reason'),
        reasonHint: t('adjustment.reasonHint'),
        stepUp: t('adjustment.stepUp'),
        errorTitle: (error) => (isApiError(error) && error.status === 409 ? t('adjustment.refused') : t('adjustment.notBooked')),
        submit: add.isError && !needsStepUp(add.error) ? t('adjustment.tryAgain') : t('adjustment.book'),
      }}
      submitVariant="primary"
      before={
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
      }
      after={
        <p className="muted small">
          {t('adjustment.keyBefore')} <code>{idempotencyKey}</code>
          {t('adjustment.keyAfter')}
        </p>
      }
      reauthenticate={reauthenticate}
      onDone={onDone}
    />
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
