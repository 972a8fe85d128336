import { CompanyStatusSchema, HealthSchema, type RuntimeStats } from '@exocorp/shared/companies'
import { STATUS_LABEL } from '@/lib/lifecycle-labels'
import { formatDuration } from '@/lib/format'
import { HEALTH_LABEL } from './format'
import { RelativeTime } from '@/components/ui/relative-time'

function Metric({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <div className="metric">
      <dt>{label}</dt>
      <dd>
        <span className="metric-value">{value}</span>
        {hint ? <span className="metric-hint">{hint}</span> : null}
      </dd>
    </div>
  )
}

/** Fleet-wide runtime numbers from /api/admin/runtime-stats. */
export function RuntimeStatsPanel({ stats }: { stats: RuntimeStats }) {
  const statuses = CompanyStatusSchema.options.filter((s) => s !== 'destroyed' || stats.byStatus[s] > 0)
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="fleet-title">
        <h2 id="fleet-title">Fleet</h2>
        <dl className="metrics" aria-label="Exocorps by status">
          <Metric label="Exocorps" value={stats.total} />
          {statuses.map((s) => (
            <Metric key={s} label={STATUS_LABEL[s]} value={stats.byStatus[s]} />
          ))}
        </dl>
        <dl className="metrics" aria-label="Exocorps by health">
          {HealthSchema.options.map((h) => (
            <Metric key={h} label={HEALTH_LABEL[h]} value={stats.byHealth[h]} />
          ))}
        </dl>
      </section>
      <section className="card stack" aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs and provisioning</h2>
        <dl className="metrics" aria-label="Jobs">
          <Metric label="Jobs in flight" value={stats.jobs.inFlight} />
          <Metric label="Failed (24 h)" value={stats.jobs.failedLast24h} />
          <Metric label="Succeeded (24 h)" value={stats.jobs.succeededLast24h} />
          <Metric
            label="Provisioning p50"
            value={formatDuration(stats.provisioningMs.p50)}
            hint={`${stats.provisioningMs.samples} samples`}
          />
          <Metric label="Provisioning p95" value={formatDuration(stats.provisioningMs.p95)} />
          <Metric
            label="Runtime capacity"
            value={`${stats.capacity.running} / ${stats.capacity.maxRuntimes}`}
            hint={`${stats.capacity.driver} driver`}
          />
        </dl>
        <p className="muted small">
          Updated <RelativeTime iso={stats.generatedAt} />
        </p>
      </section>
    </div>
  )
}
