import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { UsageAnalyticsQuerySchema, addDays, type UsageAnalyticsQuery } from '@exocorp/shared/usage'
import { companyQueries } from '@/features/companies/api/queries'
import { BREAKDOWNS, UsageAnalytics, type BreakdownKey } from '@/features/usage/components/usage-analytics'
import { usePageTitle } from '@/lib/page-title'

const isBreakdown = (v: string | null): v is BreakdownKey => v !== null && Object.hasOwn(BREAKDOWNS, v)

/** `/usage`: usage analytics of your fleet or one exocorp; range, bucket, scope and breakdown in the URL. */
export function UsagePage() {
  usePageTitle('Usage')
  const [params, setParams] = useSearchParams()
  const today = new Date().toISOString().slice(0, 10)
  const fallback: UsageAnalyticsQuery = { from: addDays(today, -29), to: today, bucket: 'day' }
  // A hand-edited URL that the contract refuses falls back to the last 30 days.
  const parsed = UsageAnalyticsQuerySchema.safeParse({
    from: params.get('from') ?? fallback.from,
    to: params.get('to') ?? fallback.to,
    bucket: params.get('bucket') ?? 'day',
    ...(params.get('exocorp') ? { companyId: params.get('exocorp') } : {}),
  })
  const query = parsed.success ? parsed.data : fallback
  const by = params.get('by')
  const mine = useQuery(companyQueries.list({ limit: 100 }))
  const exocorps = (mine.data?.items ?? []).filter((c) => c.role === 'owner').map((c) => ({ id: c.id, name: c.name }))
  return (
    <div className="stack">
      <p className="muted">Model spend and tokens of the exocorps you own, from the usage their runtimes report.</p>
      <UsageAnalytics
        query={query}
        compare={params.get('compare') !== '0'}
        by={isBreakdown(by) ? by : 'company'}
        exocorps={exocorps}
        today={today}
        onChange={(next) => {
          const out = new URLSearchParams({ from: next.query.from, to: next.query.to, bucket: next.query.bucket ?? 'day' })
          if (next.query.companyId) out.set('exocorp', next.query.companyId)
          if (!next.compare) out.set('compare', '0')
          if (next.by !== 'company') out.set('by', next.by)
          setParams(out, { replace: true })
        }}
      />
    </div>
  )
}
