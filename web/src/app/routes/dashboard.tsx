import { useQuery } from '@tanstack/react-query'
import { authQueries } from '@/features/auth/api/queries'
import { usePageTitle } from '@/lib/page-title'

export function DashboardPage() {
  usePageTitle('Dashboard')
  const me = useQuery(authQueries.me())
  return (
    <section className="stack">
      <p>Welcome, {me.data?.user.name}.</p>
    </section>
  )
}
