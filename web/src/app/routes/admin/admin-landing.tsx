import { useQuery } from '@tanstack/react-query'
import { adminAuditQueries } from '@/features/admin-audit/api/queries'
import { AuditTable } from '@/features/admin-audit/components/audit-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { PageSpinner } from '@/components/ui/spinner'
import { usePageTitle } from '@/lib/page-title'

export function AdminLandingPage() {
  usePageTitle('Platform administration')
  const audit = useQuery(adminAuditQueries.list({ limit: 20 }))
  return (
    <section className="stack" aria-labelledby="latest-audit">
      <h2 id="latest-audit">Latest audit events</h2>
      {audit.isPending ? (
        <PageSpinner />
      ) : audit.isError ? (
        <ErrorMessage error={audit.error} />
      ) : (
        <AuditTable events={audit.data.items} />
      )}
    </section>
  )
}
