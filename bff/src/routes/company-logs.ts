import { Hono } from 'hono'
import {
  LogDownloadQuerySchema,
  LogQuerySchema,
  type LogDownloadFormat,
  type LogDownloadQuery,
  type LogPage,
} from '@exocorp/shared/logs'
import { ownedCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { listLogLines, streamLogDownload } from '../services/logs'

const CONTENT_TYPES: Record<LogDownloadFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
}

/** The whole retained log, streamed (decision 039); the same owners-only rule as the list. */
async function downloadResponse(c: AppContext, format: LogDownloadFormat, query: LogDownloadQuery) {
  const { company } = await ownedCompany(c, c.req.param('id') ?? '')
  const stamp = c.get('deps').clock.now().toISOString().replace(/[:.]/g, '-')
  return new Response(await streamLogDownload(c.get('deps'), company.id, query, format), {
    status: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${company.slug}-logs-${stamp}.${format === 'txt' ? 'log' : 'ndjson'}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** An exocorp's runtime and job log lines (decision 037): owners only (a member 403, anyone else 404). */
export const companyLogRoutes = new Hono<AppEnv>()
  .get('/companies/:id/logs', guard.user, validate('query', LogQuerySchema), async (c) => {
    const { company } = await ownedCompany(c, c.req.param('id'))
    const body: LogPage = { items: await listLogLines(c.get('deps'), company.id, c.req.valid('query')) }
    return c.json(body, 200)
  })
  .get('/companies/:id/logs/download.txt', guard.user, validate('query', LogDownloadQuerySchema), (c) =>
    downloadResponse(c, 'txt', c.req.valid('query')),
  )
  .get('/companies/:id/logs/download.ndjson', guard.user, validate('query', LogDownloadQuerySchema), (c) =>
    downloadResponse(c, 'ndjson', c.req.valid('query')),
  )
