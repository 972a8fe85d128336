import type { QueryClient } from '@tanstack/react-query'
import { companyQueries, invalidateFleet } from './queries'

/**
 * Everything a lifecycle job can change: the exocorp's own queries (status, release handshake,
 * bindings, manifest, audit, usage) and the fleet views that count it. The app layer adds what
 * other features derive from it.
 */
export function refreshAfterLifecycle(queryClient: QueryClient, id: string) {
  return Promise.all([queryClient.invalidateQueries({ queryKey: companyQueries.scope(id) }), invalidateFleet(queryClient)])
}
