import { useQuery } from '@tanstack/react-query'
import { AuditQuerySchema } from '@exocorp/shared/audit'
import { adminAuditQueries, auditExportHref } from '@/features/admin-audit/api/queries'
import { AuditFilters, type AuditFilterValues } from '@/features/admin-audit/components/audit-filters'
import { AuditTable } from '@/features/admin-audit/components/audit-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { ListPager } from './list-pager'
import { parseListQuery, useListParams } from './use-list-params'

const PAGE_SIZE = 50
const FILTER_KEYS = ['actorId', 'actorType', 'action', 'targetType', 'targetId', 'outcome', 'from', 'to'] as const

export function AdminAuditPage() {
  usePageTitle('Audit')
  const list = useListParams()
  const raw = Object.fromEntries([...FILTER_KEYS, 'cursor'].map((k) => [k, list.get(k)]))
  const { query, ignored } = parseListQuery(AuditQuerySchema, raw, { limit: PAGE_SIZE })
  const filters: AuditFilterValues = Object.fromEntries(FILTER_KEYS.map((k) => [k, query[k]]))
  const events = useQuery(adminAuditQueries.list(query))

  return (
    <div className="stack">
      <AuditFilters
        value={filters}
        onChange={(f) => list.setFilters({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k]])) })}
      />
      {ignored.length > 0 ? (
        <div role="alert" className="alert alert-warn">
          Ignored filters the address did not spell correctly: {ignored.join(', ')}.
        </div>
      ) : null}
      <div className="row">
        <span className="muted">Export the filtered events:</span>
        <a className="btn btn-sm" href={auditExportHref('csv', filters)} download>
          Download CSV
        </a>
        <a className="btn btn-sm" href={auditExportHref('ndjson', filters)} download>
          Download NDJSON
        </a>
      </div>
      {events.isPending ? (
        <Skeleton label="Loading audit events" variant="table" />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : (
        <>
          <AuditTable events={events.data.items} showDetails />
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
