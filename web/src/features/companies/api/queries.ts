import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query'
import { AuditPageSchema } from '@exocorp/shared/audit'
import {
  BindingListSchema,
  CompanyDetailSchema,
  CompanyListSchema,
  DashboardSummarySchema,
  DeploymentListSchema,
  DraftSchema,
  ManifestSchema,
  ReleaseSchema,
  TRANSITIONAL_STATUSES,
  UpdateHandshakeSchema,
  UsagePageSchema,
  type CompanyDetail,
  type MyCompanyQuery,
  type ReleaseChannel,
} from '@exocorp/shared/companies'
import { API, pathOf, searchOf } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { unlessLive } from '@/lib/live-status'

/** How often a transitional exocorp is polled. */
export const POLL_INTERVAL_MS = 1000
/**
 * A running or paused exocorp is re-checked this often so a runtime that stops answering shows
 * Unreachable within seconds; the BFF answers 304 when nothing changed, so this stays cheap.
 */
export const HEALTH_POLL_INTERVAL_MS = 4000

export function isTransitional(company: Pick<CompanyDetail, 'status' | 'currentJob'> | undefined) {
  return Boolean(company && (TRANSITIONAL_STATUSES.includes(company.status) || company.currentJob))
}

export interface CompanyAuditFilters {
  action?: string | undefined
  outcome?: 'succeeded' | 'failed' | undefined
  cursor?: string | undefined
  limit?: number | undefined
}

/** Download links for the exocorp's filtered trail: every matching event, not just one page. */
export function companyAuditExportHref(id: string, format: 'csv' | 'ndjson', filters: CompanyAuditFilters): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filters
  const endpoint = format === 'csv' ? API.registry.auditExportCsv : API.registry.auditExportNdjson
  return `${pathOf(endpoint.path, {})}${searchOf({ targetType: 'company', targetId: id, ...rest })}`
}

/** One page of the owner's fleet as the URL holds it: every field optional, defaults applied by the server. */
export type CompanyListFilters = Partial<MyCompanyQuery>

export const companyQueries = {
  all: () => ['companies'] as const,
  /** Every page of every filtered list: invalidate or update with this key (`setQueriesData`). */
  lists: () => [...companyQueries.all(), 'list'] as const,
  /**
   * One cursor page of `my-companies` (the API pages, 50 by default: never treat a page as the
   * fleet). Polls while a row on it is moving, so bulk actions and lifecycle jobs show as they settle.
   */
  list: (filters: CompanyListFilters = {}) =>
    queryOptions({
      queryKey: [...companyQueries.lists(), filters] as const,
      queryFn: ({ signal }) => api.get(API.registry.myCompanies, CompanyListSchema, { query: filters, signal }),
      // Keep the old rows on screen while the next sort/page/filter loads, so the table does not jump.
      placeholderData: keepPreviousData,
      // While the live stream is up it pushes every change (decision 030): no polling then.
      refetchInterval: (query) =>
        unlessLive(query.state.data?.items.some((c) => TRANSITIONAL_STATUSES.includes(c.status)) ? POLL_INTERVAL_MS * 2 : false),
      refetchIntervalInBackground: false,
    }),
  summary: () =>
    queryOptions({
      queryKey: [...companyQueries.all(), 'summary'] as const,
      queryFn: ({ signal }) => api.get(API.dashboard.summary, DashboardSummarySchema, { signal }),
    }),
  details: () => [...companyQueries.all(), 'detail'] as const,
  /** Every query about one exocorp (detail, draft, bindings, handshake, manifest, audit, usage). */
  scope: (id: string) => [...companyQueries.details(), id] as const,
  /**
   * Polls fast while something is moving, slowly while a runtime is live (health), not at all
   * once it is settled elsewhere; React Query also pauses it while the tab is hidden.
   */
  detail: (id: string) =>
    queryOptions({
      queryKey: companyQueries.scope(id),
      queryFn: ({ signal }) => api.get(API.registry.company, CompanyDetailSchema, { params: { id }, signal }),
      refetchInterval: (query) => {
        const data = query.state.data
        if (isTransitional(data)) return unlessLive(POLL_INTERVAL_MS)
        return unlessLive(data && (data.status === 'running' || data.status === 'paused') ? HEALTH_POLL_INTERVAL_MS : false)
      },
      refetchIntervalInBackground: false,
    }),
  /**
   * The release an exocorp on `channel` would install (what the BFF checks draft settings
   * against); its `settings` are the typed declarations the settings panel renders.
   */
  release: (channel: ReleaseChannel) =>
    queryOptions({
      queryKey: [...companyQueries.all(), 'release', channel] as const,
      queryFn: ({ signal }) => api.get(API.registry.currentRelease, ReleaseSchema, { query: { channel }, signal }),
      staleTime: 5 * 60_000,
    }),
  draft: (id: string) =>
    queryOptions({
      queryKey: [...companyQueries.scope(id), 'draft'] as const,
      queryFn: ({ signal }) => api.get(API.registry.draft, DraftSchema, { params: { id }, signal }),
    }),
  bindings: (id: string) =>
    queryOptions({
      queryKey: [...companyQueries.scope(id), 'bindings'] as const,
      queryFn: ({ signal }) => api.get(API.registry.bindings, BindingListSchema, { params: { id }, signal }),
    }),
  handshake: (id: string) =>
    queryOptions({
      queryKey: [...companyQueries.scope(id), 'update-handshake'] as const,
      queryFn: ({ signal }) => api.get(API.registry.updateHandshake, UpdateHandshakeSchema, { params: { id }, signal }),
    }),
  manifest: (id: string) =>
    queryOptions({
      queryKey: [...companyQueries.scope(id), 'manifest'] as const,
      queryFn: ({ signal }) => api.get(API.registry.manifest, ManifestSchema, { params: { id }, signal }),
    }),
  audits: (id: string) => [...companyQueries.scope(id), 'audit'] as const,
  audit: (id: string, filters: CompanyAuditFilters) =>
    queryOptions({
      queryKey: [...companyQueries.audits(id), filters] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.auditEvents, AuditPageSchema, {
          query: { targetType: 'company', targetId: id, ...filters },
          signal,
        }),
    }),
  deploymentPages: (id: string) => [...companyQueries.scope(id), 'deployments'] as const,
  /** One page of the exocorp's deployment history (every job, newest first). */
  deployments: (id: string, cursor: string | undefined) =>
    queryOptions({
      queryKey: [...companyQueries.deploymentPages(id), cursor ?? null] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.deployments, DeploymentListSchema, { params: { id }, query: { limit: 10, cursor }, signal }),
      placeholderData: keepPreviousData,
    }),
  usage: (id: string) =>
    queryOptions({
      queryKey: [...companyQueries.scope(id), 'usage'] as const,
      queryFn: ({ signal }) => api.get(API.runtime.usage, UsagePageSchema, { query: { companyId: id, limit: 10 }, signal }),
    }),
}

/** The views that count exocorps by status or readiness: the list and the dashboard summary. */
export function invalidateFleet(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: companyQueries.lists() }),
    queryClient.invalidateQueries({ queryKey: companyQueries.summary().queryKey }),
  ])
}
