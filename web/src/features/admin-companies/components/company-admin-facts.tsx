import type { AdminCompanyDetail } from '@exocorp/shared/companies'
import { useTranslation } from 'react-i18next'
import { HealthBadge, StatusBadge } from './status-badges'
import { RelativeTime } from '@/components/ui/relative-time'
import { CopyButton } from '@/components/ui/copy-button'
import { formatNumber } from '@/lib/format'

/** Who owns the exocorp, where it runs, and what is in flight. */
export function CompanyAdminFacts({ company }: { company: AdminCompanyDetail }) {
  const { t } = useTranslation()
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
          {t('company.inProgress', { action: job.action, current: job.progress.current, total: job.progress.total })}
          {job.phases[job.progress.current - 1] ? ` (${job.phases[job.progress.current - 1]!.label})` : ''}
        </p>
      ) : null}
      {company.lastError ? (
        <div className="alert alert-error" role="alert">
          {t('company.lastError', { error: company.lastError })}
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('company.slug')}</dt>
        <dd className="copyable">
          <code>{company.slug}</code>
          <CopyButton text={company.slug} what={t('company.copySlug')} />
        </dd>
        <dt>{t('company.id')}</dt>
        <dd className="copyable">
          <code>{company.id}</code>
          <CopyButton text={company.id} what={t('company.copyId')} />
        </dd>
        <dt>{t('company.owner')}</dt>
        <dd>
          {company.owner.name} <span className="muted">({company.owner.email})</span>
        </dd>
        <dt>{t('company.members')}</dt>
        <dd>{formatNumber(company.memberCount)}</dd>
        <dt>{t('company.channel')}</dt>
        <dd>{company.channel}</dd>
        <dt>{t('company.installed')}</dt>
        <dd>{company.installedVersion ?? '—'}</dd>
        <dt>{t('company.available')}</dt>
        <dd>{company.availableVersion ?? '—'}</dd>
        <dt>{t('company.previous')}</dt>
        <dd>{company.previousVersion ?? '—'}</dd>
        <dt>{t('company.credentials')}</dt>
        <dd>
          {t('company.configured', { configured: company.providerReadiness.configured, total: company.providerReadiness.total })}
          {company.providerReadiness.missingRequired.length > 0
            ? t('company.missing', { providers: company.providerReadiness.missingRequired.join(', ') })
            : ''}
        </dd>
        <dt>{t('company.priceBook')}</dt>
        <dd>
          {company.activePriceBook
            ? t('company.priceBookVersion', { version: company.activePriceBook.version })
            : t('company.noPriceBook')}
        </dd>
        <dt>{t('company.portal')}</dt>
        <dd>
          {company.status === 'running' && company.health === 'healthy' ? (
            <a href={company.domains.portalUrl} target="_blank" rel="noreferrer">
              {company.domains.portal}
            </a>
          ) : (
            company.domains.portal
          )}
        </dd>
        <dt>{t('company.created')}</dt>
        <dd>
          <RelativeTime iso={company.createdAt} />
        </dd>
        <dt>{t('company.updated')}</dt>
        <dd>
          <RelativeTime iso={company.updatedAt} />
        </dd>
      </dl>
    </section>
  )
}
