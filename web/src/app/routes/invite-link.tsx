import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { companyQueries } from '@/features/companies/api/queries'
import { useAcceptInvitationLink } from '@/features/teams/api/invitations'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'

/** `/invite/:token` — the link from an invitation; RequireAuth brings anonymous visitors back here after sign-in or sign-up. */
export function InviteLinkPage() {
  usePageTitle('Invitation')
  const { token = '' } = useParams()
  const me = useQuery(authQueries.me())
  const queryClient = useQueryClient()
  const accept = useAcceptInvitationLink()
  return (
    <section className="card stack narrow" aria-labelledby="invite-link-title">
      <h2 id="invite-link-title">You were invited to an exocorp</h2>
      {accept.data ? (
        <>
          <p role="status">
            You joined {accept.data.company.name} as {accept.data.role === 'owner' ? 'an owner' : 'a member'}.
          </p>
          <p>
            <Link className="btn btn-primary" to={paths.company(accept.data.company.id)}>
              Open {accept.data.company.name}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p>
            Signed in as <strong>{me.data?.user.email}</strong>. The invitation must have been sent to this address.
          </p>
          <div className="row">
            <Button
              variant="primary"
              busy={accept.isPending}
              onClick={() =>
                accept.mutate(token, {
                  onSuccess: () => void queryClient.invalidateQueries({ queryKey: companyQueries.list().queryKey }),
                })
              }
            >
              Accept invitation
            </Button>
            <Link className="btn btn-secondary" to={paths.dashboard()}>
              Not now
            </Link>
          </div>
          <ErrorMessage error={accept.error} />
        </>
      )}
    </section>
  )
}
