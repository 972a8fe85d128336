import { queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AdminCredentialListSchema,
  BroadcastListSchema,
  NewsletterSummarySchema,
  SkillDocumentDetailSchema,
  SkillDocumentListSchema,
} from '@exocorp/shared/platform-ops'
import { api } from '@/lib/api-client'

/** Decision 043's admin reads: broadcasts, newsletter, skill documents, a user's credentials. */
export const adminOperationQueries = {
  all: () => ['admin-operations'] as const,
  broadcasts: () =>
    queryOptions({
      queryKey: [...adminOperationQueries.all(), 'broadcasts'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.broadcasts, BroadcastListSchema, { signal }),
    }),
  newsletter: () =>
    queryOptions({
      queryKey: [...adminOperationQueries.all(), 'newsletter'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.newsletter, NewsletterSummarySchema, { signal }),
    }),
  skills: () =>
    queryOptions({
      queryKey: [...adminOperationQueries.all(), 'skills'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.skills, SkillDocumentListSchema, { signal }),
    }),
  skill: (slug: string) =>
    queryOptions({
      queryKey: [...adminOperationQueries.all(), 'skills', slug] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.skill, SkillDocumentDetailSchema, { params: { slug }, signal }),
    }),
  credentials: (userId: string) =>
    queryOptions({
      queryKey: [...adminOperationQueries.all(), 'credentials', userId] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.userCredentials, AdminCredentialListSchema, { params: { userId }, signal }),
    }),
}
