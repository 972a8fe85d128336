import type { CompanySummary } from '@exocorp/shared/companies'
import { Link } from 'react-router'
import { HealthBadge, StatusBadge } from './status-badge'
import { RelativeTime } from '@/components/ui/relative-time'

export function ReadinessIndicator({ readiness }: { readiness: CompanySummary['providerReadiness'] }) {
  const ready = readiness.missingRequired.length === 0
  return (
    <span className={ready ? 'readiness readiness-ok' : 'readiness readiness-missing'}>
      {ready ? 'Providers ready' : `Missing ${readiness.missingRequired.join(', ')}`} ({readiness.configured}/{readiness.total})
    </span>
  )
}

export function CompanyCard({ company, href }: { company: CompanySummary; href: string }) {
  return (
    <li className="card company-card">
      <div className="row company-card-head">
        <h2 className="company-card-title">
          <Link to={href}>{company.name}</Link>
        </h2>
        <StatusBadge status={company.status} />
      </div>
      <p className="muted mono">{company.slug}</p>
      <div className="row wrap">
        {company.health !== 'unknown' ? <HealthBadge health={company.health} /> : null}
        <ReadinessIndicator readiness={company.providerReadiness} />
      </div>
      <p className="muted small">
        Created <RelativeTime iso={company.createdAt} />
        {company.installedVersion ? ` · v${company.installedVersion}` : ''} · {company.channel}
      </p>
    </li>
  )
}
