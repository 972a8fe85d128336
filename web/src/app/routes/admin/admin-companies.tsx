import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { lazy, Suspense, useState } from 'react'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminCompanyQueries } from '@/features/admin-companies/api/queries'
import { CompaniesTable, type CompanySortKey } from '@/features/admin-companies/components/companies-table'
import { CompanyFilters } from '@/features/admin-companies/components/company-filters'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'
import { ListPager } from '@/components/ui/list-pager'
import { companiesListQuery } from './admin-page-queries'
import { useListParams } from '@/lib/use-list-params'

/** Sort directions a person expects on first click: names A→Z, dates newest first. */
const FIRST_ORDER: Record<CompanySortKey, 'asc' | 'desc'> = {
  name: 'asc',
  owner: 'asc',
  status: 'asc',
  createdAt: 'desc',
  updatedAt: 'desc',
}

// The admin twin of the owner's bulk actions (issue 12): the same bar, sent to /api/admin/bulk-actions.
const BulkActionBar = lazy(() =>
  import('@/features/companies/components/bulk-actions').then((m) => ({ default: m.BulkActionBar })),
)

export function AdminCompaniesPage() {
  const { t } = useTranslation()
  usePageTitle(t('companies.title'))
  const list = useListParams()
  const query = companiesListQuery(list.params)
  const companies = useQuery(adminCompanyQueries.list(query))
  const me = useQuery(authQueries.me())
  const queryClient = useQueryClient()
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const canAct = Boolean(me.data?.isPlatformOwner)
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const togglePage = (ids: string[]) =>
    setSelected((s) =>
      ids.every((id) => s.has(id)) ? new Set([...s].filter((id) => !ids.includes(id))) : new Set([...s, ...ids]),
    )

  return (
    <div className="stack">
      <CompanyFilters
        value={{ q: query.q, status: query.status, channel: query.channel, health: query.health }}
        onChange={(f) => list.setFilters({ q: f.q, status: f.status, channel: f.channel, health: f.health })}
      />
      {canAct && selected.size > 0 ? (
        <Suspense fallback={null}>
          <BulkActionBar
            scope="admin"
            selectedIds={[...selected]}
            onClear={() => setSelected(new Set())}
            reauthenticate={reauthenticate}
            onSettled={() => void queryClient.invalidateQueries({ queryKey: adminCompanyQueries.all() })}
          />
        </Suspense>
      ) : null}
      {companies.isPending ? (
        <Skeleton label={t('companies.loading')} variant="table" />
      ) : companies.isError ? (
        <ErrorMessage error={companies.error} />
      ) : (
        <>
          <CompaniesTable
            rows={companies.data.items}
            sort={query.sort}
            order={query.order}
            hrefFor={(row) => paths.adminCompany(row.id)}
            selection={canAct ? { selected, onToggle: toggle, onTogglePage: togglePage } : undefined}
            onSort={(sort) =>
              list.setFilters({ sort, order: sort === query.sort ? (query.order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[sort] })
            }
          />
          <ListPager
            page={list.page}
            hasPrevious={list.hasPrevious}
            nextCursor={companies.data.nextCursor}
            onPrevious={list.previousPage}
            onNext={list.nextPage}
            busy={companies.isPlaceholderData}
          />
        </>
      )}
    </div>
  )
}
