import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { chosenCompanies } from '../http/company-access'
import { guard, principalOf } from '../http/guards'
import { dashboardSummary } from '../services/companies/companies'

/** Rollups over the caller's own fleet. Deterministic for a given state, so the ETag answers 304. */
export const dashboardRoutes = new Hono<AppEnv>().get('/summary', polled(guard.user), async (c) =>
  polledJson(c, () => dashboardSummary(c.get('deps'), principalOf(c).user.id, chosenCompanies(c))),
)
