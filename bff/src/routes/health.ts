import { Hono } from 'hono'
import type { AppEnv } from '../http/context'

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  await c.var.deps.db.ping()
  return c.json({ ok: true }, 200)
})
