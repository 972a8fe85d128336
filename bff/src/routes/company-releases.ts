import { Hono } from 'hono'
import { ReleaseQuerySchema } from '@exocorp/shared/companies'
import type { AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { latestRelease, listReleases } from '../services/catalog/releases'

/** The release catalog is public to every signed-in user: it holds versions and provider names only. */
export const companyReleaseRoutes = new Hono<AppEnv>()
  /** The release an exocorp on `channel` (default stable) installs; beta and canary also see steadier releases. */
  .get('/current', guard.user, validate('query', ReleaseQuerySchema), async (c) => {
    const channel = c.req.valid('query').channel ?? 'stable'
    const release = await latestRelease(c.get('deps'), channel)
    if (!release) throw new AppError(404, 'not_found', `No release is published on the ${channel} channel`)
    return c.json(release, 200)
  })

  /** Every release published on `channel` (all channels when omitted), newest first. */
  .get('/catalog', guard.user, validate('query', ReleaseQuerySchema), async (c) =>
    c.json({ items: await listReleases(c.get('deps'), c.req.valid('query').channel) }, 200),
  )
