import { Hono } from 'hono'
import {
  ConnectorPathSchema,
  IssueConnectorSecretInputSchema,
  type ConnectorSecretIssued,
  type ConnectorSecretList,
} from '@exocorp/shared/connector-events'
import { attempt } from '../http/attempt'
import { ownedCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { connectorPosture, issueConnectorSecret, removeConnectorSecret } from '../services/connector-events/secrets'

// An exocorp's connector signing secrets (owners), decisions 047 and 056: deliveries to
// `https://<slug>.app.<base>/hooks/<connector>` must then be signed with the secret; after a
// rotation the replaced one still verifies until the overlap ends.

const secretAttempt = (c: AppContext, action: string) => ({
  action,
  target: { type: 'connector_secret', id: c.req.param('connector') ?? null },
  failSummary: `${principalOf(c).user.email}: ${action} refused`,
  details: { companyId: c.req.param('id') },
})

export const companyConnectorSecretRoutes = new Hono<AppEnv>()
  .get('/companies/:id/connector-secrets', guard.session, async (c) => {
    const { company } = await ownedCompany(c, c.req.param('id'))
    const body: ConnectorSecretList = await connectorPosture(c.get('deps'), company)
    return c.json(body, 200)
  })
  .post(
    '/companies/:id/connector-secrets/:connector',
    guard.session,
    validate('param', ConnectorPathSchema, (c) => secretAttempt(c, 'connector_secret.issued')),
    validate('json', IssueConnectorSecretInputSchema, (c) => secretAttempt(c, 'connector_secret.issued')),
    async (c) => {
      const { connector } = c.req.valid('param')
      const { overlapMinutes } = c.req.valid('json')
      const { rotated: _rotated, ...issued } = await attempt(
        c,
        secretAttempt(c, 'connector_secret.issued'),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return issueConnectorSecret(c.get('deps'), company.id, connector, overlapMinutes)
        },
        (r) => ({
          summary: `${principalOf(c).user.email} ${r.rotated ? 'rotated' : 'set'} the ${connector} signing secret`,
          details: { connector, rotated: r.rotated, previousExpiresAt: r.previousExpiresAt },
        }),
      )
      const body: ConnectorSecretIssued = issued
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
      const company = await attempt(
        c,
        secretAttempt(c, 'connector_secret.removed'),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          if (!(await removeConnectorSecret(c.get('deps'), company.id, connector))) throw AppError.notFound('Connector secret')
          return company
        },
        () => ({ summary: `${principalOf(c).user.email} removed the ${connector} signing secret`, details: { connector } }),
      )
      const body: ConnectorSecretList = await connectorPosture(c.get('deps'), company)
      return c.json(body, 200)
    },
  )
