import { useQuery, useQueryClient } from '@tanstack/react-query'
import { companyQueries } from '@/features/companies/api/queries'
import { providerSecretQueries } from '@/features/provider-secrets/api/queries'
import { AddSecretForm } from '@/features/provider-secrets/components/add-secret-form'
import { CredentialsTable } from '@/features/provider-secrets/components/credentials-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'

export function CredentialsPage() {
  usePageTitle('Provider credentials')
  const queryClient = useQueryClient()
  const secrets = useQuery(providerSecretQueries.list())
  return (
    <div className="stack">
      <section className="stack" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">Your credentials</h2>
        {secrets.isPending ? (
          <Skeleton label="Loading credentials" variant="table" />
        ) : secrets.isError ? (
          <ErrorMessage error={secrets.error} />
        ) : (
          <CredentialsTable secrets={secrets.data.items} companyHref={(id) => paths.company(id)} />
        )}
      </section>
      <section className="card stack" aria-labelledby="add-credential-heading">
        <h2 id="add-credential-heading">Add a credential</h2>
        <AddSecretForm onAdded={() => void queryClient.invalidateQueries({ queryKey: companyQueries.all() })} />
      </section>
    </div>
  )
}

export { CredentialsPage as Component }
