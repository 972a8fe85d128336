import { useQuery } from '@tanstack/react-query'
import { Route, Routes } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { AdminLandingPage } from './admin-landing'

/** The admin context: loaded on demand, and refused outright for non-admins. */
export function AdminRoutes() {
  const me = useQuery(authQueries.me())
  if (!me.data?.isAdmin) {
    return (
      <div role="alert" className="alert alert-error">
        Platform administration needs the admin or platform owner role.
      </div>
    )
  }
  return (
    <Routes>
      <Route index element={<AdminLandingPage />} />
    </Routes>
  )
}
