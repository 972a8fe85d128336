import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { billingQueries } from '@/features/billing/api/queries'
import { BillingOverview } from '@/features/billing/components/billing-overview'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'

export function BillingPage() {
  usePageTitle('Billing')
  const billing = useQuery(billingQueries.account())
  const [params] = useSearchParams()
  const checkoutId = params.get('checkout')
  if (billing.isPending) return <Skeleton label="Loading billing" />
  if (billing.isError) return <ErrorMessage error={billing.error} />
  return (
    <BillingOverview
      billing={billing.data}
      returnedFrom={checkoutId ? { checkoutId, cancelled: params.get('cancelled') === '1' } : null}
    />
  )
}
