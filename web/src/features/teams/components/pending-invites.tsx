import { useQuery } from '@tanstack/react-query'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { useRespondToInvitation } from '../api/invitations'
import { teamQueries } from '../api/queries'

/** Pending invitations addressed to me, answered in place. */
export function PendingInvites({ onAnswered }: { onAnswered?: () => void }) {
  const mine = useQuery(teamQueries.mine())
  const respond = useRespondToInvitation(onAnswered)
  if (mine.isPending) return <Skeleton label="Loading invitations" />
  if (mine.isError) return <ErrorMessage error={mine.error} />
  return (
    <div className="stack">
      <ErrorMessage error={respond.error} />
      {respond.data ? (
        <p role="status">
          {respond.data.status === 'accepted'
            ? `You joined ${respond.data.company.name} as ${respond.data.role === 'owner' ? 'an owner' : 'a member'}.`
            : `You declined the invitation to ${respond.data.company.name}.`}
        </p>
      ) : null}
      {mine.data.items.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <ul className="stack plain-list" aria-label="Pending invitations">
          {mine.data.items.map((inv) => (
            <li key={inv.id} className="card row wrap spread">
              <div>
                <strong>{inv.company.name}</strong> <span className="muted">({inv.company.slug})</span>
                <br />
                {inv.invitedBy.name} ({inv.invitedBy.email}) invited you as {inv.role === 'owner' ? 'an owner' : 'a member'};
                expires <RelativeTime iso={inv.expiresAt} />.
              </div>
              <div className="row">
                <Button
                  variant="primary"
                  onClick={() => respond.mutate({ invitationId: inv.id, response: 'accept' })}
                  aria-label={`Accept invitation to ${inv.company.name}`}
                >
                  Accept
                </Button>
                <Button
                  onClick={() => respond.mutate({ invitationId: inv.id, response: 'decline' })}
                  aria-label={`Decline invitation to ${inv.company.name}`}
                >
                  Decline
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
