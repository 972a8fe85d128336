import { Hono } from 'hono'
import type { AppEnv } from '../http/context'

export const healthRoutes = new Hono<AppEnv>().get('/', (c) => {
  c.var.deps.db.$client.prepare('SELECT 1').get()
  return c.json({ ok: true }, 200)
})
