import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { guard } from '../http/guards'

export const healthRoutes = new Hono<AppEnv>().get('/', guard.public, async (c) => {
  await c.get('deps').db.ping()
  return c.json({ ok: true }, 200)
})
