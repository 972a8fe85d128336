import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { authQueries } from '@/features/auth/api/queries'
import { billingQueries } from '@/features/billing/api/queries'
import { companyQueries } from '@/features/companies/api/queries'
import { fleetListQuery } from '@/features/companies/api/fleet-list-query'
import { providerSecretQueries } from '@/features/provider-secrets/api/queries'

/**
 * Route loaders start a page's queries with the very options the page reads (bulletproof-react's
 * loaders), so a lazy route's code and its data download side by side instead of one after the
 * other. Unlike bulletproof they do not wait for the data: the page keeps showing its own skeleton,
 * not-found and error states, and a failed prefetch is only a cache entry the page retries.
 */

/** Runs `warm` once the signed-in identity is known (cached after the first page), never for a visitor. */
function whenSignedIn(queryClient: QueryClient, warm: (me: Me) => void) {
  queryClient.ensureQueryData(authQueries.me()).then(
    (me) => (me ? warm(me) : undefined),
    () => undefined,
  )
}

export function dashboardLoader(queryClient: QueryClient) {
  return ({ request }: LoaderFunctionArgs) => {
    const search = new URL(request.url).searchParams
    whenSignedIn(queryClient, () => {
      void queryClient.prefetchQuery(companyQueries.list(fleetListQuery(search)))
      void queryClient.prefetchQuery(companyQueries.summary())
      void queryClient.prefetchQuery(billingQueries.account())
    })
    return null
  }
}

export function companyDetailLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) => {
    const id = params.id
    if (id) {
      whenSignedIn(queryClient, () => {
        void queryClient.prefetchQuery(companyQueries.detail(id))
        void queryClient.prefetchQuery(providerSecretQueries.list())
      })
    }
    return null
  }
}

/**
 * `/admin/*`: only for an admin (a non-admin's browser must not load admin code nor ask admin
 * endpoints), and the page table is admin code, so it arrives in its own small chunk.
 */
export function adminLoader(queryClient: QueryClient) {
  return ({ params, request }: LoaderFunctionArgs) => {
    const search = new URL(request.url).searchParams
    whenSignedIn(queryClient, (me) => {
      if (!me.isAdmin) return
      void import('./routes/admin/admin-page-queries').then(
        (m) => m.prefetchAdminPage(queryClient, params['*'] ?? '', search),
        () => undefined,
      )
    })
    return null
  }
}
