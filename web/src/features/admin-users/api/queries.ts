import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { AdminUserDetailSchema, AdminUserPageSchema, type AdminUserQuery } from '@exocorp/shared/admin-users'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'

export const adminUserQueries = {
  all: () => ['admin-users'] as const,
  list: (query: AdminUserQuery) =>
    queryOptions({
      queryKey: [...adminUserQueries.all(), 'list', query] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.users, AdminUserPageSchema, { query, signal }),
      placeholderData: keepPreviousData,
    }),
  detail: (userId: string) =>
    queryOptions({
      queryKey: [...adminUserQueries.all(), 'detail', userId] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.user, AdminUserDetailSchema, { params: { userId }, signal }),
    }),
}
