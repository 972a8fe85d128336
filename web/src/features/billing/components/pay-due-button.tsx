import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { formatMoney } from '@/lib/format'
import { useCreateCheckout } from '../api/create-checkout'

/** "Pay $17.50 due": a checkout for exactly what is due, on the overdue banner and notice. */
export function PayDueButton({ amountDueMicros, currency }: { amountDueMicros: number; currency: string }) {
  const checkout = useCreateCheckout()
  return (
    <>
      <Button variant="primary" busy={checkout.isPending || checkout.isSuccess} onClick={() => checkout.mutate({ payDue: true })}>
        Pay {formatMoney(amountDueMicros, currency)} due
      </Button>
      {checkout.isError ? <ErrorMessage error={checkout.error} title="Could not open the payment page." /> : null}
    </>
  )
}
