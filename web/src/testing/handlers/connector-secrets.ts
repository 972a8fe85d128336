import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import {
  CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES,
  ConnectorPathSchema,
  IssueConnectorSecretInputSchema,
  type ConnectorSecret,
  type ConnectorSecretIssued,
  type ConnectorSecretList,
} from '@exocorp/shared/connector-events'
import { db } from '../mock-db'
import { apiError } from '../http'
import { invalid } from './admin-billing'
import { owned } from './domains'

/*
 * An exocorp's connector signing secrets in the mocked backend (decisions 047, 056), typed and
 * validated by the contract: the posture lists every connector with a secret or a delivery (from
 * db.connectorEvents), a rotation keeps the old secret for the overlap, secrets leave only once.
 */

const strip = ({ companyId: _c, secret: _s, ...rest }: (typeof db.connectorSecrets)[number]): ConnectorSecret => ({
  ...rest,
  previousExpiresAt: rest.previousExpiresAt && rest.previousExpiresAt > new Date().toISOString() ? rest.previousExpiresAt : null,
})

function posture(c: { id: string; slug: string }): ConnectorSecretList {
  const hookBaseUrl = `http://${c.slug}.app.localhost:8080/hooks/`
  const secrets = db.connectorSecrets.filter((s) => s.companyId === c.id)
  const events = db.connectorEvents
    .filter((e) => e.source === 'connector' && e.companyId === c.id)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
  const names = [...new Set([...secrets.map((s) => s.connector), ...events.map((e) => e.connector)])].sort()
  return {
    hookBaseUrl,
    items: names.map((connector) => {
      const s = secrets.find((x) => x.connector === connector)
      const last = events.find((e) => e.connector === connector)
      return {
        connector,
        hookUrl: `${hookBaseUrl}${connector}`,
        signed: s !== undefined,
        secret: s ? strip(s) : null,
        lastDeliveryAt: last?.receivedAt ?? null,
        lastVerification: last?.verification ?? null,
      }
    }),
  }
}

export const connectorSecretHandlers = [
  http.get(API.registry.connectorSecrets.path, ({ params }) => {
    const { denied, c } = owned(params.id)
    if (!c) return denied
    return HttpResponse.json(posture(c))
  }),
  http.post(API.registry.issueConnectorSecret.path, async ({ params, request }) => {
    const path = ConnectorPathSchema.safeParse(params)
    if (!path.success) return invalid(path.error, ConnectorPathSchema)
    const body = IssueConnectorSecretInputSchema.safeParse(await request.json().catch(() => ({})))
    if (!body.success) return invalid(body.error, IssueConnectorSecretInputSchema)
    const { denied, c } = owned(params.id)
    if (!c) return denied
    const now = new Date()
    const secret = `whsec_mock${Math.random().toString(36).slice(2, 14)}`
    const existing = db.connectorSecrets.find((s) => s.companyId === c.id && s.connector === path.data.connector)
    const overlap = body.data.overlapMinutes ?? CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES
    const row = existing ?? {
      companyId: c.id,
      connector: path.data.connector,
      createdAt: now.toISOString(),
      rotatedAt: now.toISOString(),
      last4: '',
      previousExpiresAt: null,
      secret: '',
    }
    if (existing) {
      row.rotatedAt = now.toISOString()
      row.previousExpiresAt = overlap > 0 ? new Date(now.getTime() + overlap * 60_000).toISOString() : null
    } else db.connectorSecrets.push(row)
    row.secret = secret
    row.last4 = secret.slice(-4)
    const issued: ConnectorSecretIssued = { ...strip(row), secret }
    return HttpResponse.json(issued)
  }),
  http.delete(API.registry.removeConnectorSecret.path, ({ params }) => {
    const { denied, c } = owned(params.id)
    if (!c) return denied
    const at = db.connectorSecrets.findIndex((s) => s.companyId === c.id && s.connector === params.connector)
    if (at < 0) return apiError(404, 'not_found', 'Connector secret not found')
    db.connectorSecrets.splice(at, 1)
    return HttpResponse.json(posture(c))
  }),
]
