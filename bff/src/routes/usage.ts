import { Hono } from 'hono'
import { UsageAnalyticsQuerySchema } from '@exocorp/shared/usage'
import type { AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { streamUsageCsv, usageAnalytics } from '../services/billing/usage-analytics'

/**
 * Mounted at /api/usage: the signed-in owner's usage analytics (decision 040), from the daily rollup.
 * `companyId` names one of your exocorps (another's answers 404, a shared one you are a member of 403).
 */
export const usageRoutes = new Hono<AppEnv>()
  .get('/analytics', guard.user, validate('query', UsageAnalyticsQuerySchema), async (c) =>
    c.json(await usageAnalytics(c.get('deps'), principalOf(c).user.id, c.req.valid('query')), 200),
  )
  .get('/analytics.csv', guard.user, validate('query', UsageAnalyticsQuerySchema), async (c) => {
    const q = c.req.valid('query')
    const body = await streamUsageCsv(c.get('deps'), principalOf(c).user.id, q)
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="usage-${q.from}-to-${q.to}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  })
