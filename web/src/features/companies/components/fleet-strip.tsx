import type { CompanyStatus, DashboardSummary } from '@exocorp/shared/companies'
import { Link } from 'react-router'

/**
 * Seed 000's fleet status strip. The status tiles add up to Total (provisioning and starting are
 * one "In progress" tile), and the credential tile says what it counts and links to the gaps.
 */
export function FleetStrip({ summary, gapsHref }: { summary: DashboardSummary; gapsHref: string }) {
  const count = (...statuses: CompanyStatus[]) => statuses.reduce((n, s) => n + (summary.byStatus[s] ?? 0), 0)
  const stats: [string, number][] = [
    ['Total', summary.total],
    ['Running', count('running')],
    ['In progress', count('provisioning', 'starting')],
    ['Paused', count('paused')],
    ['Stopped', count('stopped')],
    ['Failed', count('failed')],
    ['Draft', count('draft')],
  ]
  const { configured, total } = summary.coverage
  const missing = total - configured
  return (
    <div className="fleet">
      <dl className="fleet-strip" aria-label="Fleet status">
        {stats.map(([label, value]) => (
          <div key={label} className={label === 'Total' ? 'stat stat-total' : 'stat'}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <dl className="fleet-strip" aria-label="Credential coverage">
        <div className="stat stat-wide">
          <dt>Required credentials bound</dt>
          <dd>
            {configured} of {total}
          </dd>
          <dd className="small muted stat-note">
            Counts each provider an exocorp&apos;s release requires, across your exocorps.{' '}
            {missing > 0 ? (
              <Link to={gapsHref}>
                {missing} missing: show {missing === 1 ? 'the exocorp' : 'which exocorps'}
              </Link>
            ) : (
              'None missing.'
            )}
          </dd>
        </div>
      </dl>
    </div>
  )
}
