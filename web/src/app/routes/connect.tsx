import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import { UserCodeSchema } from '@exocorp/shared/operator-clients'
import { authQueries } from '@/features/auth/api/queries'
import { operatorClientQueries } from '@/features/operator-clients/api/queries'
import { ApprovalCard } from '@/features/operator-clients/components/approval-card'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { isApiError } from '@/lib/api-client'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'

/** `/connect/:userCode` — the human approves (or denies) a coding agent that asked for access. */
export function ConnectPage() {
  usePageTitle('Connect an agent')
  const { userCode = '' } = useParams()
  const parsed = UserCodeSchema.safeParse(userCode)
  const me = useQuery(authQueries.me())
  const approval = useQuery({ ...operatorClientQueries.approval(parsed.data ?? ''), enabled: parsed.success })

  if (!parsed.success) {
    return (
      <div role="alert" className="alert alert-error">
        “{userCode}” is not a connection code. {parsed.error.issues[0]?.message}
      </div>
    )
  }
  if (approval.isPending) return <Skeleton label="Looking up the request" />
  if (approval.isError) {
    if (isApiError(approval.error) && approval.error.status === 404) {
      return (
        <div role="alert" className="alert alert-error">
          No agent is waiting with code {parsed.data}. Check the code your agent shows, or ask it to start again.
        </div>
      )
    }
    return <ErrorMessage error={approval.error} />
  }
  return (
    <div className="stack">
      <ApprovalCard view={approval.data} signedInAs={me.data?.user.email ?? 'you'} />
      <p className="muted small">
        Connected agents are listed under <Link to={paths.apiTokens()}>API tokens</Link>.
      </p>
    </div>
  )
}
