import { useQuery } from '@tanstack/react-query'
import { operatorClientQueries } from '@/features/operator-clients/api/queries'
import { ApiTokensTable } from '@/features/operator-clients/components/api-tokens-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'

/** `/account/api-tokens` — agents the user approved, with their bearer tokens. */
export function ApiTokensPage() {
  usePageTitle('API tokens')
  const clients = useQuery(operatorClientQueries.list())
  return (
    <div className="stack">
      <p className="muted">
        Coding agents get a token after you approve them in this browser. To connect one, point it at{' '}
        <a href="/SKILL.md">/SKILL.md</a>; it will show you a code and a link to approve.
      </p>
      {clients.isPending ? (
        <Skeleton label="Loading API tokens" variant="table" />
      ) : clients.isError ? (
        <ErrorMessage error={clients.error} />
      ) : (
        <ApiTokensTable clients={clients.data.items} />
      )}
    </div>
  )
}
