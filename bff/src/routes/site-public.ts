import { Hono } from 'hono'
import { EnterpriseInquiryInputSchema, RESERVED_SITE_SLUGS, type EnterpriseInquiryReceipt } from '@exocorp/shared/site'
import { attempt } from '../http/attempt'
import { audit, clientIp, type AppContext, type AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { recordEnterpriseInquiry, spamReason } from '../services/site/inquiries'
import { publicPage, sitemap } from '../services/site/pages'

function originOf(c: AppContext) {
  const env = c.get('deps').env
  return env.EXOCORP_PUBLIC_ORIGIN ? new URL(env.EXOCORP_PUBLIC_ORIGIN).origin : `http://localhost:${env.PORT}`
}

/** 304 when the client already holds these bytes. */
function notModified(c: AppContext, etag: string): boolean {
  const held = c.req.header('if-none-match')
  return !!held && held.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}

function cacheHeaders(c: AppContext, etag: string) {
  // Cached anywhere, but revalidated on every use: a publish shows at once, an unchanged page costs a 304.
  c.header('Cache-Control', 'public, no-cache')
  c.header('ETag', etag)
}

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Page not found</h1></main></body></html>\n`

/**
 * Mounted on the root app, before the web app (decision 042): the CMS's published pages at their
 * slugs, server-rendered, and /sitemap.xml. Both only while `site.cms_enabled` is on. A path no
 * page has falls through to the web app's own routes.
 */
export const sitePublicRoutes = new Hono<AppEnv>()
  .get('/sitemap.xml', guard.public, async (c) => {
    const { xml, etag } = await sitemap(c.get('deps'), originOf(c))
    cacheHeaders(c, etag)
    if (notModified(c, etag)) return c.body(null, 304)
    return c.body(xml, 200, { 'Content-Type': 'application/xml; charset=utf-8' })
  })
  .get('/:slug{[a-z0-9][a-z0-9-]{0,63}}', guard.public, async (c, next) => {
    const slug = c.req.param('slug')
    if (RESERVED_SITE_SLUGS.includes(slug)) return next()
    const page = await publicPage(c.get('deps'), slug)
    if (page.kind === 'none') return next()
    if (page.kind === 'hidden') return c.html(NOT_FOUND_PAGE, 404)
    cacheHeaders(c, page.etag)
    c.header('Last-Modified', new Date(page.lastModified).toUTCString())
    if (notModified(c, page.etag)) return c.body(null, 304)
    return c.html(page.document, 200)
  })

/**
 * Mounted at /api/v1: `POST /enterprise-inquiry` from the public Enterprise guide. Anyone may
 * send; it lands in the admin notifications queue. Spam (honeypot filled, link-stuffed) gets the
 * same 202 as a real inquiry and is dropped, so a bot learns nothing; each address is limited.
 */
export const publicV1Routes = new Hono<AppEnv>().post(
  '/enterprise-inquiry',
  guard.public,
  validate('json', EnterpriseInquiryInputSchema, () => ({
    action: 'enterprise_inquiry.received',
    target: { type: 'enterprise_inquiry', id: null },
    failSummary: 'Enterprise inquiry refused',
  })),
  async (c) => {
    const input = c.req.valid('json')
    const receipt: EnterpriseInquiryReceipt = { received: true }
    const spam = spamReason(input)
    if (spam) {
      await audit(c, {
        action: 'enterprise_inquiry.received',
        target: { type: 'enterprise_inquiry', id: null },
        outcome: 'failed',
        summary: `Enterprise inquiry dropped as spam (${spam})`,
        details: { spam },
      })
      return c.json(receipt, 202)
    }
    await attempt(
      c,
      {
        action: 'enterprise_inquiry.received',
        target: { type: 'enterprise_inquiry', id: null },
        failSummary: 'Enterprise inquiry refused',
      },
      () => recordEnterpriseInquiry(c.get('deps'), `ip:${clientIp(c) ?? 'unknown'}`, input),
      (r) => ({ summary: `Enterprise inquiry from ${input.company}`, targetId: r.id }),
    )
    return c.json(receipt, 202)
  },
)
