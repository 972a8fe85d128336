import { useQuery } from '@tanstack/react-query'
import { Navigate, Outlet, useLocation } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { paths } from './paths'

/** Protected routes: anonymous visitors go to sign-in and come back here afterwards. */
export function RequireAuth() {
  const location = useLocation()
  const me = useQuery(authQueries.me())
  if (me.isPending) return <Skeleton />
  if (me.isError) return <ErrorMessage error={me.error} />
  if (!me.data) return <Navigate to={paths.signIn(location.pathname + location.search)} replace />
  // A recovery-code sign-in sets a new password before anything else, so the next sign-in needs no code.
  if (me.data.mustSetPassword && location.pathname !== paths.setPassword()) return <Navigate to={paths.setPassword()} replace />
  return <Outlet />
}
