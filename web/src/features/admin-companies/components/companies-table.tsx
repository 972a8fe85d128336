import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { AdminCompanyQuery, AdminCompanyRow } from '@exocorp/shared/companies'
import { HealthBadge, StatusBadge } from './status-badges'
import { RelativeTime } from '@/components/ui/relative-time'
import { SortHeader } from '@/components/ui/sort-header'

export type CompanySortKey = AdminCompanyQuery['sort']
export type SortOrder = AdminCompanyQuery['order']

export interface CompanySelection {
  selected: ReadonlySet<string>
  onToggle: (id: string) => void
  /** Selects every row on this page, or clears them when all are selected. */
  onTogglePage: (ids: string[]) => void
}

interface Props {
  rows: AdminCompanyRow[]
  sort: CompanySortKey
  order: SortOrder
  onSort: (sort: CompanySortKey) => void
  hrefFor: (row: AdminCompanyRow) => string
  /** Platform owners select rows for bulk actions. */
  selection?: CompanySelection | undefined
}

/** The admin fleet table: owner, membership, latest job, channel, version, last update. */
export function CompaniesTable({ rows, sort, order, onSort, hrefFor, selection }: Props) {
  const { t } = useTranslation()
  const header = { sort, order, onSort }
  const pageIds = rows.filter((r) => r.status !== 'destroyed').map((r) => r.id)
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selection?.selected.has(id))
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{t('companies.caption')}</caption>
        <thead>
          <tr>
            {selection ? (
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label={t('companies.selectPage')}
                  checked={allOnPage}
                  disabled={pageIds.length === 0}
                  onChange={() => selection.onTogglePage(pageIds)}
                />
              </th>
            ) : null}
            <SortHeader label={t('companies.exocorp')} column="name" {...header} />
            <SortHeader label={t('companies.owner')} column="owner" {...header} />
            <th scope="col">{t('companies.members')}</th>
            <SortHeader label={t('companies.status')} column="status" {...header} />
            <th scope="col">{t('companies.latestJob')}</th>
            <th scope="col">{t('companies.channel')}</th>
            <th scope="col">{t('companies.version')}</th>
            <SortHeader label={t('companies.created')} column="createdAt" {...header} />
            <SortHeader label={t('companies.updated')} column="updatedAt" {...header} />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={selection ? 10 : 9} className="muted">
                {t('companies.none')}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id} aria-selected={selection ? selection.selected.has(row.id) : undefined}>
                {selection ? (
                  <td className="select-cell">
                    {row.status === 'destroyed' ? null : (
                      <input
                        type="checkbox"
                        aria-label={t('companies.selectOne', { name: row.name })}
                        checked={selection.selected.has(row.id)}
                        onChange={() => selection.onToggle(row.id)}
                      />
                    )}
                  </td>
                ) : null}
                <td>
                  <Link to={hrefFor(row)}>{row.name}</Link>
                  <br />
                  <code className="muted small">{row.slug}</code>
                </td>
                <td>{row.owner.email}</td>
                <td>{row.memberCount}</td>
                <td>
                  <span className="badges">
                    <StatusBadge status={row.status} />
                    {row.health !== 'unknown' ? <HealthBadge health={row.health} /> : null}
                  </span>
                </td>
                <td>
                  {row.latestJob ? (
                    <>
                      <code>{row.latestJob.action}</code> <span className="muted">{row.latestJob.status}</span>
                      {row.latestJob.finishedAt ? (
                        <>
                          <br />
                          <span className="muted small">
                            <RelativeTime iso={row.latestJob.finishedAt} />
                          </span>
                        </>
                      ) : null}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{row.channel}</td>
                <td>{row.installedVersion ?? <span className="muted">—</span>}</td>
                <td>
                  <RelativeTime iso={row.createdAt} />
                </td>
                <td>
                  <RelativeTime iso={row.updatedAt} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
