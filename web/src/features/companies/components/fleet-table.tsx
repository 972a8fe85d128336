import { Link } from 'react-router'
import type { CompanySummary, MyCompanyQuery } from '@exocorp/shared/companies'
import { RelativeTime } from '@/components/ui/relative-time'
import { SortHeader } from '@/components/ui/sort-header'
import { ReadinessIndicator } from './company-card'
import { HealthBadge, StatusBadge } from './status-badge'

export type FleetSortKey = MyCompanyQuery['sort']
export type FleetSortOrder = MyCompanyQuery['order']

export interface FleetSelection {
  selected: ReadonlySet<string>
  onToggle: (id: string) => void
  /** Selects every row on this page, or clears them when all are selected. */
  onTogglePage: (ids: string[]) => void
}

interface Props {
  rows: CompanySummary[]
  sort: FleetSortKey
  order: FleetSortOrder
  onSort: (sort: FleetSortKey) => void
  hrefFor: (row: CompanySummary) => string
  selection?: FleetSelection | undefined
}

/** The owner's fleet as a table (issue 12): one page of `my-companies`, sortable, selectable for bulk actions. */
export function FleetTable({ rows, sort, order, onSort, hrefFor, selection }: Props) {
  const header = { sort, order, onSort }
  const pageIds = rows.filter((r) => r.role === 'owner').map((r) => r.id)
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selection?.selected.has(id))
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table fleet-table">
        <caption className="visually-hidden">Your exocorps</caption>
        <thead>
          <tr>
            {selection ? (
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label="Select every exocorp on this page"
                  checked={allOnPage}
                  disabled={pageIds.length === 0}
                  onChange={() => selection.onTogglePage(pageIds)}
                />
              </th>
            ) : null}
            <SortHeader label="Exocorp" column="name" {...header} />
            <SortHeader label="Status" column="status" {...header} />
            <th scope="col">Channel</th>
            <th scope="col">Version</th>
            <th scope="col">Providers</th>
            <SortHeader label="Created" column="createdAt" {...header} />
            <SortHeader label="Updated" column="updatedAt" {...header} />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} aria-selected={selection ? selection.selected.has(row.id) : undefined}>
              {selection ? (
                <td className="select-cell">
                  {row.role === 'owner' ? (
                    <input
                      type="checkbox"
                      aria-label={`Select ${row.name}`}
                      checked={selection.selected.has(row.id)}
                      onChange={() => selection.onToggle(row.id)}
                    />
                  ) : (
                    <span className="muted small" title="Only the owner runs lifecycle actions">
                      Member
                    </span>
                  )}
                </td>
              ) : null}
              <td>
                <Link to={hrefFor(row)}>{row.name}</Link>
                <br />
                <code className="muted small">{row.slug}</code>
              </td>
              <td>
                <span className="badges">
                  <StatusBadge status={row.status} />
                  {row.health !== 'unknown' ? <HealthBadge health={row.health} /> : null}
                </span>
              </td>
              <td>{row.channel}</td>
              <td>{row.installedVersion ?? <span className="muted">—</span>}</td>
              <td>
                <ReadinessIndicator readiness={row.providerReadiness} />
              </td>
              <td>
                <RelativeTime iso={row.createdAt} />
              </td>
              <td>
                <RelativeTime iso={row.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
