import { useState } from 'react'
import { AdjustmentInputSchema, type AdjustmentResult, type BillingAccount } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useAddAdjustment } from '../api/add-adjustment'
import { Dialog } from '@/components/ui/dialog'
import { formatMoney } from './format'

/** One key per opening of the dialog: a retry after a timeout or a 5xx cannot book twice. */
function newIdempotencyKey() {
  return `adj-${crypto.randomUUID()}`
}

function AdjustmentForm({ account, onDone }: { account: BillingAccount; onDone: (result: AdjustmentResult) => void }) {
  const [idempotencyKey] = useState(newIdempotencyKey)
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({})
  const add = useAddAdjustment(account.id)
  const serverFields = isApiError(add.error) ? add.error.fieldErrors : {}
  const amountError = fieldErrors.amount ?? serverFields.amountMicros?.[0]
  const reasonError = fieldErrors.reason ?? serverFields.reason?.[0]

  return (
    <form
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const value = Number(amount)
        if (!amount.trim() || !Number.isFinite(value) || value <= 0) {
          setFieldErrors({ amount: 'Enter an amount greater than zero, like 12.50' })
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
        add.mutate(parsed.data, { onSuccess: onDone })
      }}
    >
      <fieldset className="stack">
        <legend>Direction</legend>
        <label className="checkbox">
          <input type="radio" name="direction" checked={direction === 'credit'} onChange={() => setDirection('credit')} />
          Credit (adds to the balance)
        </label>
        <label className="checkbox">
          <input type="radio" name="direction" checked={direction === 'debit'} onChange={() => setDirection('debit')} />
          Debit (takes from the balance)
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="adjust-amount">Amount ({account.currency})</label>
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
        <label htmlFor="adjust-reason">Reason</label>
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
            Recorded on the ledger entry and in the audit trail.
          </p>
        )}
      </div>
      {add.error && Object.keys(serverFields).length === 0 ? (
        <ErrorMessage
          error={add.error}
          title={isApiError(add.error) && add.error.status === 409 ? 'Refused.' : 'Not booked yet — you can safely try again.'}
        />
      ) : null}
      <p className="muted small">
        Idempotency key <code>{idempotencyKey}</code>: sending again books at most one entry.
      </p>
      <div className="dialog-actions">
        <Button type="submit" variant="primary" busy={add.isPending}>
          {add.isError ? 'Try again' : 'Book adjustment'}
        </Button>
      </div>
    </form>
  )
}

/** "Adjust balance" button and its dialog; platform owners only. */
export function AdjustBalance({ account, onBooked }: { account: BillingAccount; onBooked: (message: string) => void }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Adjust balance
      </Button>
      {open ? (
        <Dialog
          open
          onOpenChange={setOpen}
          title="Adjust balance"
          description={`${account.owner.email} · balance ${formatMoney(account.balanceMicros, account.currency)}`}
        >
          <AdjustmentForm
            account={account}
            onDone={(result) => {
              setOpen(false)
              const amount = formatMoney(Math.abs(result.entry.amountMicros), account.currency)
              onBooked(
                result.created
                  ? `${result.entry.amountMicros < 0 ? 'Debited' : 'Credited'} ${amount}. New balance ${formatMoney(result.account.balanceMicros, account.currency)}.`
                  : 'This adjustment had already been booked; nothing new was added.',
              )
            }}
          />
        </Dialog>
      ) : null}
    </>
  )
}
