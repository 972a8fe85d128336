import { http, HttpResponse } from 'msw'
import { WEBHOOKS_API } from '@exocorp/shared/api-paths-webhooks'
import {
  CreateWebhookInputSchema,
  ipLiteralOf,
  judgeAddress,
  RotateWebhookSecretInputSchema,
  UpdateWebhookInputSchema,
  WEBHOOK_TEST_EVENT,
  WebhookDeliveryQuerySchema,
  type WebhookPayload,
  type WebhookDelivery,
  type WebhookDeliveryDetail,
  type WebhookDeliveryPage,
  type WebhookEndpoint,
  type WebhookEndpointList,
  type WebhookWithSecret,
} from '@exocorp/shared/webhooks'
import { db } from '../mock-db'
import { apiError, invalidInput, requireUser } from '../http'

/*
 * Outgoing webhooks of the mocked backend (decision 046): inputs parsed with the contract's schemas,
 * literal addresses judged with the contract's SSRF rule (`judgeAddress`, development mode: loopback
 * allowed). The mock has no DNS and sends nothing: deliveries are whatever a test or the seed puts
 * in `db.webhookDeliveries`; a resend queues one again, as the BFF does.
 */

type Stored = (typeof db.webhooks)[number]

const invalid = (fields: Record<string, string[]>) => apiError(400, 'validation_failed', 'Some fields are invalid', { fields })

const strip = ({ userId: _u, ...e }: Stored): WebhookEndpoint => e
const stripDelivery = ({ log: _l, ...d }: (typeof db.webhookDeliveries)[number]): WebhookDelivery => d

let counter = 0
const mockSecret = () => `whsec_${btoa(`mock-secret-${++counter}-`.padEnd(24, 'x').slice(0, 24))}`

function urlRefusal(raw: string): string | null {
  const url = new URL(raw)
  const host = url.hostname.toLowerCase()
  const literal = host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : ipLiteralOf(host)
  if (!literal) return url.protocol === 'http:' ? 'Use an https:// URL (plain http only to loopback in development)' : null
  const verdict = judgeAddress(literal, true)
  if (!verdict.ok) return `${literal} is ${verdict.reason}: webhooks go to public addresses only`
  return url.protocol === 'http:' && !verdict.loopback ? 'Use an https:// URL (plain http only to loopback in development)' : null
}

/** The BFF's rule: every exocorp named is one you own (a member 403, anyone else's 404). */
function exocorpRefusal(userId: string, ids: string[] | null | undefined) {
  for (const id of ids ?? []) {
    const c = db.fleet.companies.find((x) => x.id === id)
    const member = c && db.teams.memberships.some((m) => m.companyId === c.id && m.userId === userId)
    if (!c || (c.ownerId !== userId && !member)) return apiError(404, 'not_found', 'No such exocorp')
    if (c.ownerId !== userId) return apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
  }
  return null
}

function mine(webhookId: unknown) {
  const { user, denied } = requireUser()
  if (!user) return { denied, user: null, hook: null }
  const hook = db.webhooks.find((w) => w.id === webhookId && w.userId === user.id)
  if (!hook) return { denied: apiError(404, 'not_found', 'Webhook not found'), user, hook: null }
  return { denied: null, user, hook }
}

const list = (userId: string): WebhookEndpointList => ({ items: db.webhooks.filter((w) => w.userId === userId).map(strip) })

export const webhookHandlers = [
  http.get(WEBHOOKS_API.list.path, () => {
    const { user, denied } = requireUser()
    if (!user) return denied
    return HttpResponse.json(list(user.id))
  }),
  http.post(WEBHOOKS_API.create.path, async ({ request }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const parsed = CreateWebhookInputSchema.safeParse(await request.json().catch(() => null))
    if (!parsed.success) return invalidInput(parsed.error.issues, CreateWebhookInputSchema)
    const refused = exocorpRefusal(user.id, parsed.data.exocorpIds)
    if (refused) return refused
    const why = urlRefusal(parsed.data.url)
    if (why) return invalid({ url: [why] })
    const now = new Date().toISOString()
    const hook: Stored = {
      id: `wh-${db.webhooks.length + 1}`,
      userId: user.id,
      url: parsed.data.url,
      description: parsed.data.description ?? '',
      eventTypes: parsed.data.eventTypes,
      exocorpIds: parsed.data.exocorpIds ?? null,
      state: 'enabled',
      disabledReason: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      secretRotatedAt: null,
      createdAt: now,
      updatedAt: now,
    }
    db.webhooks.push(hook)
    const body: WebhookWithSecret = { endpoint: strip(hook), secret: mockSecret() }
    return HttpResponse.json(body, { status: 201 })
  }),
  http.get(WEBHOOKS_API.get.path, ({ params }) => {
    const { hook, denied } = mine(params.webhookId)
    return hook ? HttpResponse.json(strip(hook)) : denied
  }),
  http.patch(WEBHOOKS_API.update.path, async ({ params, request }) => {
    const { hook, user, denied } = mine(params.webhookId)
    if (!hook || !user) return denied
    const parsed = UpdateWebhookInputSchema.safeParse(await request.json().catch(() => null))
    if (!parsed.success) return invalidInput(parsed.error.issues, UpdateWebhookInputSchema)
    const refused = exocorpRefusal(user.id, parsed.data.exocorpIds)
    if (refused) return refused
    const { enabled, ...rest } = parsed.data
    if (rest.url !== undefined) {
      const why = urlRefusal(rest.url)
      if (why) return invalid({ url: [why] })
    }
    Object.assign(hook, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), {
      updatedAt: new Date().toISOString(),
    })
    if (enabled === true) Object.assign(hook, { state: 'enabled', disabledReason: null, failingSince: null })
    if (enabled === false && hook.state === 'enabled')
      Object.assign(hook, { state: 'disabled', disabledReason: 'Disabled by you' })
    return HttpResponse.json(strip(hook))
  }),
  http.delete(WEBHOOKS_API.remove.path, ({ params }) => {
    const { hook, user, denied } = mine(params.webhookId)
    if (!hook || !user) return denied
    db.webhooks.splice(db.webhooks.indexOf(hook), 1)
    db.webhookDeliveries = db.webhookDeliveries.filter((d) => d.endpointId !== hook.id)
    return HttpResponse.json(list(user.id))
  }),
  http.post(WEBHOOKS_API.rotateSecret.path, async ({ params, request }) => {
    const { hook, denied } = mine(params.webhookId)
    if (!hook) return denied
    const text = await request.text()
    const parsed = RotateWebhookSecretInputSchema.safeParse(text ? JSON.parse(text) : {})
    if (!parsed.success) return invalidInput(parsed.error.issues, RotateWebhookSecretInputSchema)
    const overlap = parsed.data.overlapMinutes ?? 24 * 60
    const now = Date.now()
    Object.assign(hook, {
      secretRotatedAt: new Date(now).toISOString(),
      previousSecretExpiresAt: overlap > 0 ? new Date(now + overlap * 60_000).toISOString() : null,
    })
    const body: WebhookWithSecret = { endpoint: strip(hook), secret: mockSecret() }
    return HttpResponse.json(body)
  }),
  http.get(WEBHOOKS_API.deliveries.path, ({ params, request }) => {
    const { hook, denied } = mine(params.webhookId)
    if (!hook) return denied
    const parsed = WebhookDeliveryQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalidInput(parsed.error.issues, WebhookDeliveryQuerySchema)
    const items = db.webhookDeliveries
      .filter((d) => d.endpointId === hook.id && (!parsed.data.state || d.state === parsed.data.state))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map(stripDelivery)
    // 25 a page, like the BFF; the mock's cursor is the offset (the BFF's is opaque too).
    const from = Number(parsed.data.cursor ?? 0) || 0
    const body: WebhookDeliveryPage = {
      items: items.slice(from, from + 25),
      nextCursor: items.length > from + 25 ? String(from + 25) : null,
    }
    return HttpResponse.json(body)
  }),
  http.get(WEBHOOKS_API.delivery.path, ({ params }) => {
    const { hook, denied } = mine(params.webhookId)
    if (!hook) return denied
    const d = db.webhookDeliveries.find((x) => x.id === params.deliveryId && x.endpointId === hook.id)
    if (!d) return apiError(404, 'not_found', 'Delivery not found')
    const body: WebhookDeliveryDetail = { delivery: stripDelivery(d), attempts: [...d.log].reverse() }
    return HttpResponse.json(body)
  }),
  http.post(WEBHOOKS_API.sendTest.path, ({ params }) => {
    const { hook, denied } = mine(params.webhookId)
    if (!hook) return denied
    if (hook.state !== 'enabled') {
      return apiError(409, 'conflict', 'Enable this endpoint before sending a test event', { reason: 'endpoint_disabled' })
    }
    // The mock's receivers always answer 200; the body is the contract's test event.
    const at = new Date().toISOString()
    const id = `msg_test${++counter}`
    const payload: WebhookPayload = {
      type: WEBHOOK_TEST_EVENT,
      timestamp: at,
      data: { endpointId: hook.id, message: 'A test event sent from the Exocorp console' },
    }
    const d: (typeof db.webhookDeliveries)[number] = {
      id,
      endpointId: hook.id,
      eventType: WEBHOOK_TEST_EVENT,
      exocorpId: null,
      state: 'succeeded',
      attempts: 1,
      createdAt: at,
      nextAttemptAt: null,
      deliveredAt: at,
      lastStatus: 200,
      lastError: null,
      payload: JSON.stringify(payload),
      log: [
        {
          attempt: 1,
          at,
          status: 200,
          durationMs: 12,
          error: null,
          responseBody: 'ok',
          requestHeaders: {
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
            'webhook-signature': 'v1,mock',
          },
        },
      ],
    }
    db.webhookDeliveries.unshift(d)
    return HttpResponse.json(stripDelivery(d))
  }),
  http.post(WEBHOOKS_API.resend.path, ({ params }) => {
    const { hook, denied } = mine(params.webhookId)
    if (!hook) return denied
    if (hook.state !== 'enabled') {
      return apiError(409, 'conflict', 'Enable this endpoint before resending', { reason: 'endpoint_disabled' })
    }
    const d = db.webhookDeliveries.find((x) => x.id === params.deliveryId && x.endpointId === hook.id)
    if (!d) return apiError(404, 'not_found', 'Delivery not found')
    Object.assign(d, { state: 'pending', nextAttemptAt: new Date(Date.now() + 1000).toISOString() })
    return HttpResponse.json(stripDelivery(d))
  }),
]
