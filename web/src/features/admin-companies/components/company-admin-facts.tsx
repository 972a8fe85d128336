import type { AdminCompanyDetail } from '@exocorp/shared/companies'
import { HealthBadge, StatusBadge } from './status-badges'
import { RelativeTime } from '@/components/ui/relative-time'
import { CopyButton } from '@/components/ui/copy-button'

/** Who owns the exocorp, where it runs, and what is in flight. */
export function CompanyAdminFacts({ company }: { company: AdminCompanyDetail }) {
  const job = company.currentJob
  return (
    <section className="card stack" aria-labelledby="company-title">
      <div className="row space-between">
        <h2 id="company-title">{company.name}</h2>
        <span className="badges">
          <StatusBadge status={company.status} />
          <HealthBadge health={company.health} />
        </span>
      </div>
      {job ? (
        <p role="status">
          {job.action} in progress: phase {job.progress.current} of {job.progress.total}
          {job.phases[job.progress.current - 1] ? ` (${job.phases[job.progress.current - 1]!.label})` : ''}
        </p>
      ) : null}
      {company.lastError ? (
        <div className="alert alert-error" role="alert">
          Last error: {company.lastError}
        </div>
      ) : null}
      <dl className="facts">
        <dt>Slug</dt>
        <dd className="copyable">
          <code>{company.slug}</code>
          <CopyButton text={company.slug} what="slug" />
        </dd>
        <dt>Id</dt>
        <dd className="copyable">
          <code>{company.id}</code>
          <CopyButton text={company.id} what="id" />
        </dd>
        <dt>Owner</dt>
        <dd>
          {company.owner.name} <span className="muted">({company.owner.email})</span>
        </dd>
        <dt>Members</dt>
        <dd>{company.memberCount}</dd>
        <dt>Channel</dt>
        <dd>{company.channel}</dd>
        <dt>Installed version</dt>
        <dd>{company.installedVersion ?? '—'}</dd>
        <dt>Available version</dt>
        <dd>{company.availableVersion ?? '—'}</dd>
        <dt>Previous version</dt>
        <dd>{company.previousVersion ?? '—'}</dd>
        <dt>Provider credentials</dt>
        <dd>
          {company.providerReadiness.configured} of {company.providerReadiness.total} configured
          {company.providerReadiness.missingRequired.length > 0
            ? ` — missing ${company.providerReadiness.missingRequired.join(', ')}`
            : ''}
        </dd>
        <dt>Price book</dt>
        <dd>{company.activePriceBook ? `version ${company.activePriceBook.version}` : 'none active'}</dd>
        <dt>Portal</dt>
        <dd>
          {company.status === 'running' && company.health === 'healthy' ? (
            <a href={company.domains.portalUrl} target="_blank" rel="noreferrer">
              {company.domains.portal}
            </a>
          ) : (
            company.domains.portal
          )}
        </dd>
        <dt>Created</dt>
        <dd>
          <RelativeTime iso={company.createdAt} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <RelativeTime iso={company.updatedAt} />
        </dd>
      </dl>
    </section>
  )
}
