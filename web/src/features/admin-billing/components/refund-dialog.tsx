import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { RefundInputSchema, type BillingAccount, type LedgerEntry, type RefundInput } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { ErrorMessage } from '@/components/errors/error-message'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { formatMoney } from '@/lib/format'
import { useRefundPayment } from '../api/refund-payment'

type Reauthenticate = (password: string) => Promise<unknown>

const needsStepUp = (error: unknown) => isApiError(error) && error.code === 'reauth_required'

function RefundForm({
  account,
  payment,
  onDone,
  reauthenticate,
}: {
  account: BillingAccount
  payment: LedgerEntry
  onDone: (message: string) => void
  reauthenticate: Reauthenticate
}) {
  // One key per opening of the dialog: a retry after a timeout cannot refund twice.
  const { t } = useTranslation()
  const [idempotencyKey] = useState(() => `refund-${crypto.randomUUID()}`)
  const [amount, setAmount] = useState((payment.amountMicros / 1_000_000).toFixed(2))
  const [reason, setReason] = useState('')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({})
  const [stepUp, setStepUp] = useState<RefundInput | null>(null)
  const refund = useRefundPayment(account.id)
  const serverFields = isApiError(refund.error) ? refund.error.fieldErrors : {}
  const amountError = fieldErrors.amount ?? serverFields.amountMicros?.[0]
  const reasonError = fieldErrors.reason ?? serverFields.reason?.[0]
  const send = (input: RefundInput) =>
    refund.mutate(input, {
      onSuccess: (result) => {
        setStepUp(null)
        onDone(
          result.created
            ? t('refund.refunded', {
                amount: formatMoney(-result.entry.amountMicros, account.currency),
                balance: formatMoney(result.account.balanceMicros, account.currency),
              })
            : t('refund.duplicate'),
        )
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
          if (!/^\d+(\.\d{1,2})?$/.test(amount.trim()) || value <= 0) {
            setFieldErrors({ amount: t('refund.amountError') })
            return
          }
          const parsed = RefundInputSchema.safeParse({
            paymentEntryId: payment.id,
            amountMicros: Math.round(value * 100) * 10_000,
            reason,
            idempotencyKey,
          })
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
        <div className="field">
          <label htmlFor="refund-amount">{t('refund.amount', { currency: account.currency })}</label>
          <input
            id="refund-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? 'refund-amount-error' : undefined}
          />
          {amountError ? (
            <p id="refund-amount-error" className="field-error">
              {amountError}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="refund-reason">{t('refund.reason')}</label>
          <textarea
            id="refund-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? 'refund-reason-error' : 'refund-reason-hint'}
          />
          {reasonError ? (
            <p id="refund-reason-error" className="field-error">
              {reasonError}
            </p>
          ) : (
            <p id="refund-reason-hint" className="field-hint">
              {t('refund.reasonHint')}
            </p>
          )}
        </div>
        {refund.error && !needsStepUp(refund.error) && Object.keys(serverFields).length === 0 ? (
          <ErrorMessage error={refund.error} title={t('refund.notRefunded')} />
        ) : null}
        <div className="dialog-actions">
          <Button type="submit" variant="danger" busy={refund.isPending}>
            {t('refund.refund')}
          </Button>
        </div>
      </form>
      {stepUp ? (
        <ReauthDialog
          open
          actionLabel={t('refund.stepUp')}
          reauthenticate={reauthenticate}
          onCancel={() => {
            setStepUp(null)
            refund.reset()
          }}
          onConfirmed={() => send(stepUp)}
        />
      ) : null}
    </>
  )
}

/** "Refund" on a payment row of the admin ledger; platform owners only. */
export function RefundPayment({
  account,
  payment,
  onRefunded,
  reauthenticate,
}: {
  account: BillingAccount
  payment: LedgerEntry
  onRefunded: (message: string) => void
  reauthenticate: Reauthenticate
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button
        onClick={() => setOpen(true)}
        aria-label={t('refund.label', { amount: formatMoney(payment.amountMicros, account.currency) })}
      >
        {t('refund.refund')}
      </Button>
      {open ? (
        <Dialog
          open
          onOpenChange={setOpen}
          title={t('refund.title')}
          description={t('refund.description', {
            email: account.owner.email,
            amount: formatMoney(payment.amountMicros, account.currency),
          })}
        >
          <RefundForm
            account={account}
            payment={payment}
            reauthenticate={reauthenticate}
            onDone={(message) => {
              setOpen(false)
              onRefunded(message)
            }}
          />
        </Dialog>
      ) : null}
    </>
  )
}
