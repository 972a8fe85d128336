import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { RefundInputSchema, type BillingAccount, type LedgerEntry } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { formatMoney } from '@/lib/format'
import { formatDecimalInput } from '@/lib/input-formats'
import { useRefundPayment } from '../api/refund-payment'
import { EntryForm, entryFieldErrors, type Reauthenticate } from './entry-form'

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
  const refund = useRefundPayment(account.id)
  return (
    <EntryForm
      idPrefix="refund"
      mutation={refund}
      initialAmount={formatDecimalInput(payment.amountMicros / 1_000_000, 2)}
      toInput={(amount, reason) => {
        const value = Number(amount)
        if (!/^\d+(\.\d{1,2})?$/.test(amount.trim()) || value <= 0)
          return { errors: { amount: t('refund.amountError', { example: formatDecimalInput(12.5, 2) }) } }
        const parsed = RefundInputSchema.safeParse({
          paymentEntryId: payment.id,
          amountMicros: Math.round(value * 100) * 10_000,
          reason,
          idempotencyKey,
        })
        return parsed.success ? { data: parsed.data } : { errors: entryFieldErrors(parsed.error.issues) }
      }}
      text={{
        amount: t('refund.amount', { currency: account.currency }),
        reason: t('refund.reason'),
        reasonHint: t('refund.reasonHint'),
        stepUp: t('refund.stepUp'),
        errorTitle: () => t('refund.notRefunded'),
        submit: t('refund.refund'),
      }}
      submitVariant="danger"
      reauthenticate={reauthenticate}
      onDone={(result) =>
        onDone(
          result.created
            ? t('refund.refunded', {
                amount: formatMoney(-result.entry.amountMicros, account.currency),
                balance: formatMoney(result.account.balanceMicros, account.currency),
              })
            : t('refund.duplicate'),
        )
      }
    />
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
