import type { DashboardSummary } from '@exocorp/shared/companies'

/** Seed 000's fleet status strip: totals by status and provider-credential coverage. */
export function FleetStrip({ summary }: { summary: DashboardSummary }) {
  const count = (s: keyof DashboardSummary['byStatus']) => summary.byStatus[s] ?? 0
  const stats: [string, string | number][] = [
    ['Total', summary.total],
    ['Running', count('running')],
    ['Draft', count('draft')],
    ['Stopped', count('stopped')],
    ['Failed', count('failed')],
    ['Credential coverage', `${summary.coverage.configured} / ${summary.coverage.total}`],
  ]
  return (
    <dl className="fleet-strip" aria-label="Fleet status">
      {stats.map(([label, value]) => (
        <div key={label} className="stat">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
