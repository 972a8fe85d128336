import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  SecuritySummarySchema,
  SignalGroupDetailSchema,
  SignalGroupPageSchema,
  type FeedbackQuery,
} from '@exocorp/shared/feedback'
import { api } from '@/lib/api-client'

export const adminFeedbackQueries = {
  all: () => ['admin-feedback'] as const,
  list: (query: FeedbackQuery) =>
    queryOptions({
      queryKey: [...adminFeedbackQueries.all(), 'list', query] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.feedback, SignalGroupPageSchema, { query, signal }),
      placeholderData: keepPreviousData,
    }),
  security: () =>
    queryOptions({
      queryKey: [...adminFeedbackQueries.all(), 'security'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.feedbackSecurity, SecuritySummarySchema, { signal }),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...adminFeedbackQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.feedbackGroup, SignalGroupDetailSchema, { params: { id }, signal }),
    }),
}
