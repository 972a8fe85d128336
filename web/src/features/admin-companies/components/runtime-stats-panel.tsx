import { CompanyStatusSchema, HealthSchema, type RuntimeStats } from '@exocorp/shared/companies'
import { useTranslation } from 'react-i18next'
import { formatDuration, formatNumber } from '@/lib/format'
import { RelativeTime } from '@/components/ui/relative-time'

function Metric({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <div className="metric">
      <dt>{label}</dt>
      <dd>
        <span className="metric-value">{typeof value === 'number' ? formatNumber(value) : value}</span>
        {hint ? <span className="metric-hint">{hint}</span> : null}
      </dd>
    </div>
  )
}

/** Fleet-wide runtime numbers from /api/admin/runtime-stats. */
export function RuntimeStatsPanel({ stats }: { stats: RuntimeStats }) {
  const { t } = useTranslation()
  const statuses = CompanyStatusSchema.options.filter((s) => s !== 'destroyed' || stats.byStatus[s] > 0)
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="fleet-title">
        <h2 id="fleet-title">{t('fleet.title')}</h2>
        <dl className="metrics" aria-label={t('fleet.byStatus')}>
          <Metric label={t('fleet.exocorps')} value={stats.total} />
          {statuses.map((s) => (
            <Metric key={s} label={t(`status.${s}`)} value={stats.byStatus[s]} />
          ))}
        </dl>
        <dl className="metrics" aria-label={t('fleet.byHealth')}>
          {HealthSchema.options.map((h) => (
            <Metric key={h} label={t(`health.${h}`)} value={stats.byHealth[h]} />
          ))}
        </dl>
      </section>
      <section className="card stack" aria-labelledby="jobs-title">
        <h2 id="jobs-title">{t('fleet.jobsTitle')}</h2>
        <dl className="metrics" aria-label={t('fleet.jobs')}>
          <Metric label={t('fleet.inFlight')} value={stats.jobs.inFlight} />
          <Metric label={t('fleet.failed24h')} value={stats.jobs.failedLast24h} />
          <Metric label={t('fleet.succeeded24h')} value={stats.jobs.succeededLast24h} />
          <Metric
            label={t('fleet.p50')}
            value={formatDuration(stats.provisioningMs.p50)}
            hint={t('fleet.samples', { count: stats.provisioningMs.samples })}
          />
          <Metric label={t('fleet.p95')} value={formatDuration(stats.provisioningMs.p95)} />
          <Metric
            label={t('fleet.capacity')}
            value={`${formatNumber(stats.capacity.running)} / ${formatNumber(stats.capacity.maxRuntimes)}`}
            hint={t('fleet.driver', { driver: stats.capacity.driver })}
          />
        </dl>
        <p className="muted small">
          {t('fleet.updated')} <RelativeTime iso={stats.generatedAt} />
        </p>
      </section>
    </div>
  )
}
