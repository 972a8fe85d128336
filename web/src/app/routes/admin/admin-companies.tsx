import { useQuery } from '@tanstack/react-query'
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

export function AdminCompaniesPage() {
  usePageTitle('Companies')
  const list = useListParams()
  const query = companiesListQuery(list.params)
  const companies = useQuery(adminCompanyQueries.list(query))

  return (
    <div className="stack">
      <CompanyFilters
        value={{ q: query.q, status: query.status, channel: query.channel, health: query.health }}
        onChange={(f) => list.setFilters({ q: f.q, status: f.status, channel: f.channel, health: f.health })}
      />
      {companies.isPending ? (
        <Skeleton label="Loading exocorps" variant="table" />
      ) : companies.isError ? (
        <ErrorMessage error={companies.error} />
      ) : (
        <>
          <CompaniesTable
            rows={companies.data.items}
            sort={query.sort}
            order={query.order}
            hrefFor={(row) => paths.adminCompany(row.id)}
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
