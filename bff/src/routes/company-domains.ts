import { Hono } from 'hono'
import {
  AddCustomDomainInputSchema,
  CustomDomainPathSchema,
  type CustomDomain,
  type CustomDomainList,
} from '@exocorp/shared/domains'
import { EmptyActionInputSchema } from '@exocorp/shared/site'
import { attempt } from '../http/attempt'
import { ownedCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { addCustomDomain, checkCustomDomain, listCustomDomains, removeCustomDomain } from '../services/domains/custom-domains'

// An exocorp's custom domains (owners) — decision 042.

const domainAttempt = (c: AppContext, action: string, id: string | null) => ({
  action,
  target: { type: 'custom_domain', id },
  failSummary: `${principalOf(c).user.email}: ${action} refused`,
  details: { companyId: c.req.param('id') },
})

export const companyDomainRoutes = new Hono<AppEnv>()
  .get('/companies/:id/domains', guard.user, async (c) => {
    const { company } = await ownedCompany(c, c.req.param('id'))
    const body: CustomDomainList = { items: await listCustomDomains(c.get('deps'), company.id) }
    return c.json(body, 200)
  })
  .post(
    '/companies/:id/domains',
    guard.user,
    validate('json', AddCustomDomainInputSchema, (c) => domainAttempt(c, 'domain.added', null)),
    async (c) => {
      const { domain } = c.req.valid('json')
      const added = await attempt(
        c,
        domainAttempt(c, 'domain.added', null),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return addCustomDomain(c.get('deps'), company.id, domain, principalOf(c).user.email)
        },
        (r) => ({
          summary: `${principalOf(c).user.email} added custom domain ${r.domain}`,
          targetId: r.id,
          details: { domain: r.domain },
        }),
      )
      const body: CustomDomain = added
      return c.json(body, 201)
    },
  )
  .post(
    '/companies/:id/domains/:domainId/check',
    guard.user,
    validate('param', CustomDomainPathSchema, (c) => domainAttempt(c, 'domain.checked', null)),
    validate('json', EmptyActionInputSchema, (c) => domainAttempt(c, 'domain.checked', null)),
    async (c) => {
      const { domainId } = c.req.valid('param')
      const checked = await attempt(
        c,
        domainAttempt(c, 'domain.checked', domainId),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return checkCustomDomain(c.get('deps'), domainId, company.id)
        },
        (r) => ({
          summary: `${principalOf(c).user.email} checked custom domain ${r.domain}: ${r.state}`,
          details: { domain: r.domain, state: r.state, ...(r.reason ? { reason: r.reason } : {}) },
        }),
      )
      return c.json(checked, 200)
    },
  )
  .delete(
    '/companies/:id/domains/:domainId',
    guard.user,
    validate('param', CustomDomainPathSchema, (c) => domainAttempt(c, 'domain.removed', null)),
    async (c) => {
      const { domainId } = c.req.valid('param')
      const companyId = await attempt(
        c,
        domainAttempt(c, 'domain.removed', domainId),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return { ...(await removeCustomDomain(c.get('deps'), company.id, domainId)), companyId: company.id }
        },
        (r) => ({ summary: `${principalOf(c).user.email} removed custom domain ${r.domain}`, details: { domain: r.domain } }),
      )
      const body: CustomDomainList = { items: await listCustomDomains(c.get('deps'), companyId.companyId) }
      return c.json(body, 200)
    },
  )
