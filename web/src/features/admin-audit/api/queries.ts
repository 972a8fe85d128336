import { queryOptions } from '@tanstack/react-query'
import { AuditPageSchema } from '@exocorp/shared/audit'
import { api } from '@/lib/api-client'

export interface AdminAuditFilters {
  action?: string
  outcome?: 'succeeded' | 'failed'
  actorId?: string
  cursor?: string
  limit?: number
}

function toSearch(filters: AdminAuditFilters) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(key, String(value))
  const s = params.toString()
  return s ? `?${s}` : ''
}

export const adminAuditQueries = {
  all: () => ['admin', 'audit-events'] as const,
  list: (filters: AdminAuditFilters) =>
    queryOptions({
      queryKey: [...adminAuditQueries.all(), 'list', filters] as const,
      queryFn: ({ signal }) => api.get(`/api/admin/audit-events${toSearch(filters)}`, AuditPageSchema, { signal }),
    }),
}
