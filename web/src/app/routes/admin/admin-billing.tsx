import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { adminBillingQueries } from '@/features/admin-billing/api/queries'
import { AccountsTable } from '@/features/admin-billing/components/accounts-table'
import { AccountFilters, ProviderEventStatusFilter } from '@/features/admin-billing/components/billing-filters'
import { CollectionsTable } from '@/features/admin-billing/components/collections-table'
import { ProviderEventsTable } from '@/features/admin-billing/components/provider-events-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'
import { BillingTabs } from './billing-tabs'
import { ListPager } from '@/components/ui/list-pager'
import { billingAccountsQuery, collectionsQuery, providerEventsQuery } from './admin-page-queries'
import { useListParams } from '@/lib/use-list-params'

export function AdminBillingAccountsPage() {
  const { t } = useTranslation()
  usePageTitle(t('billingPages.billing'))
  const list = useListParams()
  const query = billingAccountsQuery(list.params)
  const accounts = useQuery(adminBillingQueries.accounts(query))
  return (
    <div className="stack">
      <BillingTabs />
      <AccountFilters value={{ state: query.state, q: query.q }} onChange={(v) => list.setFilters(v)} />
      {accounts.isPending ? (
        <Skeleton label={t('billingPages.loadingAccounts')} variant="table" />
      ) : accounts.isError ? (
        <ErrorMessage error={accounts.error} />
      ) : (
        <>
          <AccountsTable accounts={accounts.data.items} hrefFor={(a) => paths.adminBillingAccount(a.id)} />
          <ListPager
            page={list.page}
            hasPrevious={list.hasPrevious}
            nextCursor={accounts.data.nextCursor}
            onPrevious={list.previousPage}
            onNext={list.nextPage}
            busy={accounts.isPlaceholderData}
          />
        </>
      )}
    </div>
  )
}

export function AdminCollectionsPage() {
  const { t } = useTranslation()
  usePageTitle(t('billingPages.collections'))
  const list = useListParams()
  const collections = useQuery(adminBillingQueries.collections(collectionsQuery(list.params)))
  return (
    <div className="stack">
      <BillingTabs />
      {collections.isPending ? (
        <Skeleton label={t('billingPages.loadingCollections')} variant="table" />
      ) : collections.isError ? (
        <ErrorMessage error={collections.error} />
      ) : (
        <>
          <CollectionsTable rows={collections.data.items} hrefFor={paths.adminBillingAccount} />
          <ListPager
            page={list.page}
            hasPrevious={list.hasPrevious}
            nextCursor={collections.data.nextCursor}
            onPrevious={list.previousPage}
            onNext={list.nextPage}
            busy={collections.isPlaceholderData}
          />
        </>
      )}
    </div>
  )
}

export function AdminProviderEventsPage() {
  const { t } = useTranslation()
  usePageTitle(t('billingPages.providerEvents'))
  const list = useListParams()
  const query = providerEventsQuery(list.params)
  const events = useQuery(adminBillingQueries.providerEvents(query))
  return (
    <div className="stack">
      <BillingTabs />
      <div className="filters">
        <ProviderEventStatusFilter value={query.status} onChange={(status) => list.setFilters({ status })} />
      </div>
      {events.isPending ? (
        <Skeleton label={t('billingPages.loadingEvents')} variant="table" />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : (
        <>
          <ProviderEventsTable events={events.data.items} hrefFor={paths.adminBillingAccount} />
          <ListPager
            page={list.page}
            hasPrevious={list.hasPrevious}
            nextCursor={events.data.nextCursor}
            onPrevious={list.previousPage}
            onNext={list.nextPage}
            busy={events.isPlaceholderData}
          />
        </>
      )}
    </div>
  )
}
