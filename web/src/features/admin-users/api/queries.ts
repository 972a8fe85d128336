import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { AdminUserDetailSchema, AdminUserPageSchema, type AdminUserQuery } from '@exocorp/shared/admin-users'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const adminUserQueries = {
  all: () => ['admin-users'] as const,
  list: (query: AdminUserQuery) =>
    queryOptions({
      queryKey: [...adminUserQueries.all(), 'list', query] as const,
      queryFn: ({ signal }) => api.get(API.admin.users, AdminUserPageSchema, { query, signal }),
      placeholderData: keepPreviousData,
    }),
  detail: (userId: string) =>
    queryOptions({
      queryKey: [...adminUserQueries.all(), 'detail', userId] as const,
      queryFn: ({ signal }) => api.get(API.admin.user, AdminUserDetailSchema, { params: { userId }, signal }),
    }),
}
