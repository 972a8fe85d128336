import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import { authQueries } from '@/features/auth/api/queries'
import { Skeleton } from '@/components/ui/skeleton'

// Imported only once the role check below has passed, so a non-admin's browser never fetches it.
const AdminRoutes = lazy(() => import('./admin/admin-routes').then((m) => ({ default: m.AdminRoutes })))

/**
 * `/admin/*`: the role check lives here, in the main bundle, and not in a route `lazy()` (which
 * the router would resolve on match, before any element could refuse).
 */
export function AdminGate() {
  const me = useQuery(authQueries.me())
  if (me.isPending) return <Skeleton />
  if (!me.data?.isAdmin) {
    return (
      <div role="alert" className="alert alert-error">
        Platform administration needs the admin or platform owner role.
      </div>
    )
  }
  return (
    <Suspense fallback={<Skeleton label="Loading platform administration" />}>
      <AdminRoutes />
    </Suspense>
  )
}
