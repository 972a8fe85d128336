import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { guard, principalOf } from '../http/guards'
import { dashboardSummary } from '../services/companies/companies'

/** Rollups over the caller's own fleet. Deterministic for a given state, so the ETag answers 304. */
export const dashboardRoutes = new Hono<AppEnv>().get('/summary', guard.user, async (c) =>
  polledJson(c, () => dashboardSummary(c.var.deps, principalOf(c).user.id)),
)
