import { queryOptions } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { CompanyCommerceSchema, msUntilNextStale } from '@exocorp/shared/commerce'
import { api } from '@/lib/api-client'
import { liveStatus } from '@/lib/live-status'
import { commerceKeys } from './keys'

/** Polling when the event stream is not live (ETag, 304 when unchanged). */
export const COMMERCE_POLL_MS = 15_000

/**
 * An exocorp's stores (decision 055). A newer snapshot is pushed (`store.snapshot`, decision 060,
 * applied in app/live-sync.ts); while the stream is live the view refetches only when a store may
 * turn stale by the clock (a second after its `staleAt`), and polls as before otherwise.
 */
export const commerceQueries = {
  all: commerceKeys.all,
  stores: (companyId: string) =>
    queryOptions({
      queryKey: commerceQueries.all(companyId),
      queryFn: ({ signal }) => api.get(API.registry.commerce, CompanyCommerceSchema, { params: { id: companyId }, signal }),
      refetchInterval: (query) => {
        if (liveStatus() !== 'live') return COMMERCE_POLL_MS
        const next = msUntilNextStale(query.state.data?.stores ?? [], Date.now())
        return next === null ? false : next + 1000
      },
      refetchIntervalInBackground: false,
    }),
}
