import { Hono } from 'hono'
import { AdminUsageQuerySchema } from '@exocorp/shared/admin-usage'
import { audit, type AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { adminModels, adminUsage, adminUsageCsv } from '../services/billing/platform-usage'

/**
 * Mounted at /api/admin/usage (decision 049): platform usage and spend by account, exocorp, model or
 * day over a date range, sorted and paged on the server, and the same answer as CSV (every page;
 * audited like the audit export, since it names accounts).
 */
export const adminUsageRoutes = new Hono<AppEnv>()
  .get('/', guard.admin, validate('query', AdminUsageQuerySchema), async (c) =>
    c.json(await adminUsage(c.get('deps'), c.req.valid('query')), 200),
  )
  .get('/export.csv', guard.admin, validate('query', AdminUsageQuerySchema), async (c) => {
    const q = c.req.valid('query')
    const { csv, rows } = await adminUsageCsv(c.get('deps'), q)
    const { cursor: _cursor, limit: _limit, ...filters } = q
    await audit(c, {
      action: 'usage.exported',
      target: { type: 'usage', id: null },
      outcome: 'succeeded',
      summary: `Exported platform usage by ${q.by ?? 'account'} (${rows} rows)`,
      details: { ...filters, rows },
    })
    return new Response(csv, {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="platform-usage-by-${q.by ?? 'account'}-${q.from}-to-${q.to}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  })

/** Mounted at /api/admin/models (decision 049): the catalog with prices, usage, error rate and coverage. */
export const adminModelRoutes = new Hono<AppEnv>().get('/', guard.admin, async (c) =>
  c.json(await adminModels(c.get('deps')), 200),
)
