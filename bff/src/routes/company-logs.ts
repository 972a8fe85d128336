import { Hono } from 'hono'
import { LogQuerySchema, type LogPage } from '@exocorp/shared/logs'
import { ownedCompany } from '../http/company-access'
import type { AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { listLogLines } from '../services/logs'

/** An exocorp's runtime and job log lines (decision 037): owners only (a member 403, anyone else 404). */
export const companyLogRoutes = new Hono<AppEnv>().get(
  '/companies/:id/logs',
  guard.user,
  validate('query', LogQuerySchema),
  async (c) => {
    const { company } = await ownedCompany(c, c.req.param('id'))
    const body: LogPage = { items: await listLogLines(c.get('deps'), company.id, c.req.valid('query')) }
    return c.json(body, 200)
  },
)
