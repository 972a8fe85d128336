import { useEffect } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { formatMoney } from '@/lib/format'
import { billingQueries } from '../api/queries'

/**
 * What became of the checkout the provider sent the owner back from (`?checkout=<id>`): paid with
 * its receipt, declined, cancelled, or still waiting for the provider's confirmation.
 */
export function CheckoutReturn({ checkoutId, cancelled }: { checkoutId: string; cancelled: boolean }) {
  const queryClient = useQueryClient()
  const checkout = useQuery(billingQueries.checkout(checkoutId))
  const paid = checkout.data?.status === 'paid'
  useEffect(() => {
    // The payment changed the balance, the state and the receipts.
    if (paid) void queryClient.invalidateQueries({ queryKey: billingQueries.all() })
  }, [paid, queryClient])
  if (!checkout.data) return null
  const c = checkout.data
  if (c.status === 'paid' && c.receipt) {
    return (
      <div role="status" className="alert alert-success">
        <strong>Payment received: {formatMoney(c.receipt.amountMicros, c.currency)}.</strong> Receipt {c.receipt.number}
        {c.receipt.card ? `, ${c.receipt.card.brand} ending ${c.receipt.card.last4}` : ''}. Thank you.
      </div>
    )
  }
  if (c.status === 'expired') {
    return (
      <div role="status" className="alert alert-info">
        That payment page expired before it was paid. Nothing was charged; start a new payment below.
      </div>
    )
  }
  if (cancelled || c.lastDecline) {
    return (
      <div role="status" className="alert alert-warn">
        {c.lastDecline ? `Payment not completed: ${c.lastDecline.replace(/\.$/, '')}.` : 'Payment cancelled.'} Nothing was
        charged.
      </div>
    )
  }
  return (
    <div role="status" className="alert alert-info">
      Waiting for the payment provider to confirm your payment of {formatMoney(c.amountMicros, c.currency)}…
    </div>
  )
}
