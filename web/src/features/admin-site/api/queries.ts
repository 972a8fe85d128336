import { queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { SitePageDetailSchema, SitePageListSchema } from '@exocorp/shared/site'
import { api } from '@/lib/api-client'

export const adminSiteQueries = {
  all: () => ['admin-site'] as const,
  pages: () =>
    queryOptions({
      queryKey: [...adminSiteQueries.all(), 'pages'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.sitePages, SitePageListSchema, { signal }),
    }),
  page: (id: string) =>
    queryOptions({
      queryKey: [...adminSiteQueries.all(), 'page', id] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.sitePage, SitePageDetailSchema, { params: { id }, signal }),
    }),
}
