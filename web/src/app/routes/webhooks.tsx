import { useQuery } from '@tanstack/react-query'
import { companyQueries } from '@/features/companies/api/queries'
import { WebhooksScreen } from '@/features/webhooks/components/webhooks-screen'
import { usePageTitle } from '@/lib/page-title'

/** `/account/webhooks` — outgoing webhooks (decision 046); the exocorps to choose from are the ones you own. */
export function WebhooksPage() {
  usePageTitle('Webhooks')
  const owned = useQuery(companyQueries.list({ role: 'owner', limit: 100 }))
  const exocorps = (owned.data?.items ?? []).map((c) => ({ id: c.id, name: c.name }))
  return <WebhooksScreen exocorps={exocorps} />
}
