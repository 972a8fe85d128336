import { useState } from 'react'
import { CheckoutInputSchema } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { formatMoney } from '@/lib/format'
import { useCreateCheckout } from '../api/create-checkout'

/** Preset amounts in minor units (cents). */
const PRESETS = [1_000, 2_500, 5_000, 10_000]

/** Dollars and cents typed by a person ("12", "12.5", "1,250.00") → cents, or null. */
export function parseAmountMinor(text: string): number | null {
  const clean = text.replace(/[$,\s]/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null
  return Math.round(Number(clean) * 100)
}

/** Add funds: a preset or a custom amount, then the provider's hosted checkout. */
export function AddFunds({ currency }: { currency: string }) {
  const [choice, setChoice] = useState<number | 'custom'>(2_500)
  const [custom, setCustom] = useState('')
  const [error, setError] = useState<string | null>(null)
  const checkout = useCreateCheckout()
  const serverError = isApiError(checkout.error) ? checkout.error.fieldErrors.amountMinor?.[0] : undefined
  const customError = error ?? serverError
  return (
    <section className="card stack" aria-labelledby="add-funds-title">
      <h2 id="add-funds-title">Add funds</h2>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const amountMinor = choice === 'custom' ? parseAmountMinor(custom) : choice
          if (amountMinor === null) {
            setError('Enter an amount like 40 or 12.50')
            return
          }
          const parsed = CheckoutInputSchema.safeParse({ amountMinor })
          if (!parsed.success) {
            setError(parsed.error.issues[0]?.message ?? 'Enter a valid amount')
            return
          }
          setError(null)
          checkout.mutate(parsed.data)
        }}
      >
        <fieldset className="stack">
          <legend>Amount</legend>
          <div className="amount-presets">
            {PRESETS.map((p) => (
              <label key={p} className="checkbox">
                <input type="radio" name="amount" checked={choice === p} onChange={() => setChoice(p)} />
                {formatMoney(p * 10_000, currency)}
              </label>
            ))}
            <label className="checkbox">
              <input type="radio" name="amount" checked={choice === 'custom'} onChange={() => setChoice('custom')} />
              Other amount
            </label>
          </div>
        </fieldset>
        {choice === 'custom' ? (
          <div className="field">
            <label htmlFor="custom-amount">Amount ({currency})</label>
            <input
              id="custom-amount"
              inputMode="decimal"
              placeholder="40.00"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
              aria-invalid={customError ? true : undefined}
              aria-describedby={customError ? 'custom-amount-error' : 'custom-amount-hint'}
            />
            {customError ? (
              <p id="custom-amount-error" className="field-error">
                {customError}
              </p>
            ) : (
              <p id="custom-amount-hint" className="field-hint">
                From {formatMoney(1_000_000, currency)} to {formatMoney(10_000_000_000, currency)}.
              </p>
            )}
          </div>
        ) : null}
        {checkout.isError && !serverError ? (
          <ErrorMessage error={checkout.error} title="Could not open the payment page." />
        ) : null}
        <div>
          <Button type="submit" variant="primary" busy={checkout.isPending || checkout.isSuccess}>
            Continue to payment
          </Button>
        </div>
        <p className="muted small">
          You pay on the payment provider’s page; the balance updates as soon as the provider confirms. In test mode use the card
          4242 4242 4242 4242 (4000 0000 0000 0002 is declined).
        </p>
      </form>
    </section>
  )
}
