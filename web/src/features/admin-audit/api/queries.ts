import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { AuditPageSchema, type AuditQuery } from '@exocorp/shared/audit'
import { api } from '@/lib/api-client'

/** The explorer's query as the URL holds it: every field optional, the server applies defaults. */
export type AdminAuditFilters = Partial<AuditQuery>

export function auditSearch(filters: AdminAuditFilters): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(key, String(value))
  const s = params.toString()
  return s ? `?${s}` : ''
}

/** Download links for the filtered set; the server streams every matching row, not just one page. */
export function auditExportHref(format: 'csv' | 'ndjson', filters: AdminAuditFilters): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filters
  return `/api/admin/audit-events/export.${format}${auditSearch(rest)}`
}

export const adminAuditQueries = {
  all: () => ['admin', 'audit-events'] as const,
  list: (filters: AdminAuditFilters) =>
    queryOptions({
      queryKey: [...adminAuditQueries.all(), 'list', filters] as const,
      queryFn: ({ signal }) => api.get(`/api/admin/audit-events${auditSearch(filters)}`, AuditPageSchema, { signal }),
      placeholderData: keepPreviousData,
    }),
}
