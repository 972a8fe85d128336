import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { billingQueries } from '@/features/billing/api/queries'
import { companyQueries } from '@/features/companies/api/queries'
import { BillingOverview } from '@/features/billing/components/billing-overview'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'

export function BillingPage() {
  usePageTitle('Billing')
  const billing = useQuery(billingQueries.account())
  const [params] = useSearchParams()
  const checkoutId = params.get('checkout')
  const mine = useQuery(companyQueries.list({ limit: 100 }))
  const exocorps = (mine.data?.items ?? []).filter((c) => c.role === 'owner').map((c) => ({ id: c.id, name: c.name }))
  if (billing.isPending) return <Skeleton label="Loading billing" />
  if (billing.isError) return <ErrorMessage error={billing.error} />
  return (
    <BillingOverview
      billing={billing.data}
      exocorps={exocorps}
      returnedFrom={checkoutId ? { checkoutId, cancelled: params.get('cancelled') === '1' } : null}
    />
  )
}
