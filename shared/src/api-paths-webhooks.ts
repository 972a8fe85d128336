import { del, get, patch, post } from './api-paths'

/**
 * The outgoing-webhook endpoints (decision 046), apart from API so they load with the lazy Webhooks
 * screen, not with the owner's first route.
 */
export const WEBHOOKS_API = {
  list: get('/api/webhooks'),
  create: post('/api/webhooks'),
  get: get('/api/webhooks/:webhookId'),
  update: patch('/api/webhooks/:webhookId'),
  remove: del('/api/webhooks/:webhookId'),
  rotateSecret: post('/api/webhooks/:webhookId/rotate-secret'),
  sendTest: post('/api/webhooks/:webhookId/test'),
  deliveries: get('/api/webhooks/:webhookId/deliveries'),
  delivery: get('/api/webhooks/:webhookId/deliveries/:deliveryId'),
  resend: post('/api/webhooks/:webhookId/deliveries/:deliveryId/resend'),
}
