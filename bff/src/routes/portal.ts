import { Hono } from 'hono'
import { PortalHandoffQuerySchema } from '@exocorp/shared/portal'
import type { AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { portalNextPath } from '../http/portal-auth'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { companyAccessFor } from '../services/catalog/access'
import { domainsOf } from '../services/companies/domains'
import { companyForPortal, mintPortalHandoff } from '../services/portal/portal-sessions'

/**
 * The console's side of decision 032: a signed-in owner or member follows this link (from the
 * company page, or redirected here by the portal host) and is sent on to the portal host with a
 * single-use hand-off. A browser navigation, so it answers with redirects rather than JSON: to the
 * sign-in page when nobody is signed in, to the portal when the hand-off is minted.
 */
export const portalRoutes = new Hono<AppEnv>().get(
  '/handoff',
  guard.publicNoAgents,
  validate('query', PortalHandoffQuerySchema),
  async (c) => {
    const deps = c.get('deps')
    const { slug, next } = c.req.valid('query')
    const p = c.get('principal')
    if (!p || p.kind !== 'session') {
      const here = `/api/portal/handoff?${new URLSearchParams({ slug, ...(next ? { next } : {}) }).toString()}`
      return c.redirect(`/sign-in?${new URLSearchParams({ next: here }).toString()}`, 302)
    }
    const company = await companyForPortal(deps, slug)
    // Someone else's exocorp answers as one that does not exist.
    if (!company || !(await companyAccessFor(deps, p.user.id, company.id))) throw AppError.notFound('Exocorp')
    const token = await mintPortalHandoff(deps, {
      sessionId: p.session.id,
      companyId: company.id,
      nextPath: portalNextPath(next),
    })
    c.header('referrer-policy', 'no-referrer')
    return c.redirect(`${domainsOf(deps, slug).portalUrl}__exocorp/handoff?${new URLSearchParams({ token }).toString()}`, 302)
  },
)
