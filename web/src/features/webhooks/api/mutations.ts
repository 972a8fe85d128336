import { useMutation, useQueryClient } from '@tanstack/react-query'
import { WEBHOOKS_API } from '@exocorp/shared/api-paths-webhooks'
import {
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookWithSecretSchema,
  type CreateWebhookInput,
  type UpdateWebhookInput,
} from '@exocorp/shared/webhooks'
import { api } from '@/lib/api-client'
import { webhookQueries } from './queries'

/** Every webhook mutation is audited on the server; the lists are read again after each. */
export function useWebhookActions() {
  const queryClient = useQueryClient()
  const onSettled = () => queryClient.invalidateQueries({ queryKey: webhookQueries.all() })
  return {
    create: useMutation({
      mutationFn: (body: CreateWebhookInput) => api.post(WEBHOOKS_API.create, WebhookWithSecretSchema, { body }),
      onSettled,
    }),
    update: useMutation({
      mutationFn: ({ webhookId, body }: { webhookId: string; body: UpdateWebhookInput }) =>
        api.patch(WEBHOOKS_API.update, WebhookEndpointSchema, { params: { webhookId }, body }),
      onSettled,
    }),
    remove: useMutation({
      mutationFn: (webhookId: string) => api.delete(WEBHOOKS_API.remove, WebhookEndpointListSchema, { params: { webhookId } }),
      onSettled,
    }),
    rotate: useMutation({
      mutationFn: ({ webhookId, overlapMinutes }: { webhookId: string; overlapMinutes: number }) =>
        api.post(WEBHOOKS_API.rotateSecret, WebhookWithSecretSchema, { params: { webhookId }, body: { overlapMinutes } }),
      onSettled,
    }),
    sendTest: useMutation({
      mutationFn: (webhookId: string) =>
        api.post(WEBHOOKS_API.sendTest, WebhookDeliverySchema, { params: { webhookId }, body: {} }),
      onSettled,
    }),
    resend: useMutation({
      mutationFn: ({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) =>
        api.post(WEBHOOKS_API.resend, WebhookDeliverySchema, { params: { webhookId, deliveryId }, body: {} }),
      onSettled,
    }),
  }
}
