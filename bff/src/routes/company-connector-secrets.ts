import { Hono } from 'hono'
import { ConnectorPathSchema, type ConnectorSecretIssuedSchema } from '@exocorp/shared/connector-events'
import { EmptyActionInputSchema } from '@exocorp/shared/site'
import type { z } from 'zod/mini'
import { attempt } from '../http/attempt'
import { ownedCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { connectorSecretsOf } from '../services/connector-events'
import { issueConnectorSecret, removeConnectorSecret } from '../services/connector-events/secrets'

// An exocorp's connector signing secrets (owners), decision 047: deliveries to
// `https://<slug>.app.<base>/hooks/<connector>` must then be signed with the secret.

const secretAttempt = (c: AppContext, action: string) => ({
  action,
  target: { type: 'connector_secret', id: c.req.param('connector') ?? null },
  failSummary: `${principalOf(c).user.email}: ${action} refused`,
  details: { companyId: c.req.param('id') },
})

export const companyConnectorSecretRoutes = new Hono<AppEnv>()
  .get('/companies/:id/connector-secrets', guard.session, async (c) => {
    const { company } = await ownedCompany(c, c.req.param('id'))
    return c.json({ items: await connectorSecretsOf(c.get('deps'), company.id) }, 200)
  })
  .post(
    '/companies/:id/connector-secrets/:connector',
    guard.session,
    validate('param', ConnectorPathSchema, (c) => secretAttempt(c, 'connector_secret.issued')),
    validate('json', EmptyActionInputSchema, (c) => secretAttempt(c, 'connector_secret.issued')),
    async (c) => {
      const { connector } = c.req.valid('param')
      const issued = await attempt(
        c,
        secretAttempt(c, 'connector_secret.issued'),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return issueConnectorSecret(c.get('deps'), company.id, connector)
        },
        (r) => ({
          summary: `${principalOf(c).user.email} ${r.createdAt === r.rotatedAt ? 'set' : 'rotated'} the ${connector} signing secret`,
          details: { connector, rotated: r.createdAt !== r.rotatedAt },
        }),
      )
      const body: z.infer<typeof ConnectorSecretIssuedSchema> = issued
      c.header('Cache-Control', 'no-store')
      return c.json(body, 200)
    },
  )
  .delete(
    '/companies/:id/connector-secrets/:connector',
    guard.session,
    validate('param', ConnectorPathSchema, (c) => secretAttempt(c, 'connector_secret.removed')),
    async (c) => {
      const { connector } = c.req.valid('param')
      const companyId = await attempt(
        c,
        secretAttempt(c, 'connector_secret.removed'),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          if (!(await removeConnectorSecret(c.get('deps'), company.id, connector))) throw AppError.notFound('Connector secret')
          return company.id
        },
        () => ({ summary: `${principalOf(c).user.email} removed the ${connector} signing secret`, details: { connector } }),
      )
      return c.json({ items: await connectorSecretsOf(c.get('deps'), companyId) }, 200)
    },
  )
