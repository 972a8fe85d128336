import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useSearchParams } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { Pager } from '@/components/ui/pager'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { companyAuditExportHref, companyQueries, type CompanyAuditFilters } from '../api/queries'
import { RelativeTime } from '@/components/ui/relative-time'

const ACTIONS = [
  'company.create',
  'company.provision',
  'company.update',
  'company.restart',
  'company.pause',
  'company.resume',
  'company.stop',
  'company.reprovision',
  'company.rollback',
  'company.bind',
  'company.update_settings',
]

/** The exocorp's audit trail, newest first. Filters and the page live in the URL (`audit.*` params). */
export function AuditTrail({ companyId, pageSize = 10 }: { companyId: string; pageSize?: number }) {
  const [params, setParams] = useSearchParams()
  const outcomeParam = params.get('auditOutcome')
  const filters: CompanyAuditFilters = {
    action: params.get('auditAction') ?? undefined,
    outcome: outcomeParam === 'succeeded' || outcomeParam === 'failed' ? outcomeParam : undefined,
    cursor: params.get('auditCursor') ?? undefined,
    limit: pageSize,
  }
  const back = (params.get('auditBack') ?? '').split(',').filter(Boolean)
  const audit = useQuery({ ...companyQueries.audit(companyId, filters), placeholderData: keepPreviousData })
  const actionId = useId()
  const outcomeId = useId()

  const update = (changes: Record<string, string | null>) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k)
          else next.set(k, v)
        }
        return next
      },
      { replace: false, preventScrollReset: true },
    )
  }
  const setFilter = (key: string, value: string) => update({ [key]: value, auditCursor: null, auditBack: null })

  return (
    <section className="card stack" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <div className="row wrap audit-filters" role="group" aria-label="Audit filters">
        <div className="field field-inline">
          <label htmlFor={actionId}>Action</label>
          <select id={actionId} value={filters.action ?? ''} onChange={(e) => setFilter('auditAction', e.target.value)}>
            <option value="">All actions</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={outcomeId}>Outcome</label>
          <select id={outcomeId} value={filters.outcome ?? ''} onChange={(e) => setFilter('auditOutcome', e.target.value)}>
            <option value="">Any outcome</option>
            <option value="succeeded">Succeeded</option>
            <option value="failed">Failed</option>
          </select>
        </div>
        <div className="row wrap audit-export">
          <span className="muted">Export:</span>
          <a
            className="btn btn-sm"
            href={companyAuditExportHref(companyId, 'csv', filters)}
            download
            aria-label="Export the audit trail as CSV"
          >
            CSV
          </a>
          <a
            className="btn btn-sm"
            href={companyAuditExportHref(companyId, 'ndjson', filters)}
            download
            aria-label="Export the audit trail as NDJSON"
          >
            NDJSON
          </a>
        </div>
      </div>
      {audit.isPending ? (
        <Skeleton label="Loading activity" variant="table" />
      ) : audit.isError ? (
        <ErrorMessage error={audit.error} />
      ) : audit.data.items.length === 0 ? (
        <p className="muted">No audit events match.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Summary</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <RelativeTime iso={e.at} />
                  </td>
                  <td>{e.actor.label}</td>
                  <td className="mono">{e.action}</td>
                  <td>
                    <Badge tone={e.outcome === 'succeeded' ? 'ok' : 'bad'}>
                      {e.outcome === 'succeeded' ? 'Succeeded' : 'Failed'}
                    </Badge>
                  </td>
                  <td>{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.data ? (
        <Pager
          label="Audit pages"
          canGoBack={Boolean(filters.cursor)}
          nextCursor={audit.data.nextCursor}
          onBack={() => {
            const prev = back.slice(0, -1)
            update({ auditCursor: back.at(-1) ?? null, auditBack: prev.join(',') || null })
          }}
          onNext={(cursor) => update({ auditCursor: cursor, auditBack: [...back, filters.cursor ?? ''].join(',') || null })}
        />
      ) : null}
    </section>
  )
}
