import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { PriceBooksPanel } from '@/features/admin-pricing/components/price-books-panel'
import { usePageTitle } from '@/lib/page-title'

/** `/admin/pricing`: model price books (decision 028/038); its own chunk, loaded on demand. */
export function AdminPricingPage() {
  const { t } = useTranslation()
  usePageTitle(t('pricing.title'))
  const me = useQuery(authQueries.me())
  return <PriceBooksPanel canPublish={Boolean(me.data?.isPlatformOwner)} reauthenticate={reauthenticate} />
}
