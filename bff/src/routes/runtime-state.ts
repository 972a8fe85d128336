import { Hono } from 'hono'
import type { ExecutionProvidersState } from '@exocorp/shared/companies'
import type { AppEnv } from '../http/context'
import { capacityOf } from '../services/lifecycle/context'

/** Capacity of the runtime driver (any signed-in user: no tenant data in it). */
export const runtimeStateRoutes = new Hono<AppEnv>().get('/execution-providers/state', (c) => {
  const cap = capacityOf(c.var.deps)
  const body: ExecutionProvidersState = {
    driver: cap.driver,
    maxRuntimes: cap.maxRuntimes,
    running: cap.running,
    available: Math.max(0, cap.maxRuntimes - cap.running),
  }
  return c.json(body, 200)
})
