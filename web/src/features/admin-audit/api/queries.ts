import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { AuditPageSchema, type AuditQuery } from '@exocorp/shared/audit'
import { pathOf, searchOf } from '@exocorp/shared/api-paths'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'

/** The explorer's query as the URL holds it: every field optional, the server applies defaults. */
export type AdminAuditFilters = Partial<AuditQuery>

/** The range is refused when it ends before it starts: that is a mistake, not an empty result. */
export function isInvertedRange(from: string | undefined, to: string | undefined) {
  return Boolean(from && to && Date.parse(from) > Date.parse(to))
}

/** Download links for the filtered set; the server streams every matching row, not just one page. */
export function auditExportHref(format: 'csv' | 'ndjson', filters: AdminAuditFilters): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filters
  const endpoint = format === 'csv' ? ADMIN_API.auditExportCsv : ADMIN_API.auditExportNdjson
  return `${pathOf(endpoint.path, {})}${searchOf(rest)}`
}

export const adminAuditQueries = {
  all: () => ['admin', 'audit-events'] as const,
  list: (filters: AdminAuditFilters) =>
    queryOptions({
      queryKey: [...adminAuditQueries.all(), 'list', filters] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.auditEvents, AuditPageSchema, { query: filters, signal }),
      placeholderData: keepPreviousData,
    }),
}
