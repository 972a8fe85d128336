import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import { WEBHOOKS_API } from '@exocorp/shared/api-paths-webhooks'
import {
  WebhookDeliveryDetailSchema,
  WebhookDeliveryPageSchema,
  WebhookEndpointListSchema,
  type WebhookDeliveryState,
} from '@exocorp/shared/webhooks'
import { api } from '@/lib/api-client'

export const webhookQueries = {
  all: () => ['webhooks'] as const,
  list: () =>
    queryOptions({
      queryKey: [...webhookQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => api.get(WEBHOOKS_API.list, WebhookEndpointListSchema, { signal }),
    }),
  deliveriesOf: (webhookId: string) => [...webhookQueries.all(), 'deliveries', webhookId] as const,
  /** The delivery log, newest first, a page of 25 at a time (Load more follows the cursor). */
  deliveries: (webhookId: string, state?: WebhookDeliveryState) =>
    infiniteQueryOptions({
      queryKey: [...webhookQueries.deliveriesOf(webhookId), { state }] as const,
      queryFn: ({ signal, pageParam }) =>
        api.get(WEBHOOKS_API.deliveries, WebhookDeliveryPageSchema, {
          params: { webhookId },
          query: { ...(state ? { state } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        }),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  delivery: (webhookId: string, deliveryId: string) =>
    queryOptions({
      queryKey: [...webhookQueries.deliveriesOf(webhookId), 'detail', deliveryId] as const,
      queryFn: ({ signal }) =>
        api.get(WEBHOOKS_API.delivery, WebhookDeliveryDetailSchema, { params: { webhookId, deliveryId }, signal }),
    }),
}
