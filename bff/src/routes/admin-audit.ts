import { Hono } from 'hono'
import { AuditQuerySchema } from '@exocorp/shared/audit'
import type { AppEnv } from '../http/context'
import { requireRole } from '../http/guards'
import { validate } from '../http/validate'
import { listAuditEvents } from '../services/audit'

export const adminAuditRoutes = new Hono<AppEnv>().get(
  '/audit-events',
  requireRole('admin'),
  validate('query', AuditQuerySchema),
  (c) => c.json(listAuditEvents(c.var.deps, c.req.valid('query')), 200),
)
