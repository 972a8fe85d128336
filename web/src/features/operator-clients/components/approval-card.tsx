import type { ApprovalView } from '@exocorp/shared/operator-clients'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { useDecideApproval } from '../api/decide-approval'
import { SCOPE_TEXT } from './scopes'
import { RelativeTime } from '@/components/ui/relative-time'

const OUTCOME: Record<Exclude<ApprovalView['status'], 'pending'>, { tone: string; text: string }> = {
  approved: {
    tone: 'info',
    text: 'Approved. Go back to your agent: it collects its access token on its next check and can then act for you.',
  },
  redeemed: {
    tone: 'info',
    text: 'Approved, and the agent has collected its token. You can revoke it any time under API tokens.',
  },
  denied: { tone: 'warn', text: 'Denied. The agent gets no access; its request is closed.' },
  expired: { tone: 'warn', text: 'This request has expired. Ask the agent to start the connection again for a new code.' },
}

/** What a waiting agent asks for, and the human's approve / deny. */
export function ApprovalCard({ view, signedInAs }: { view: ApprovalView; signedInAs: string }) {
  const decide = useDecideApproval(view.userCode)
  const outcome = view.status === 'pending' ? null : OUTCOME[view.status]
  return (
    <section className="card stack" aria-labelledby="approval-title">
      <h2 id="approval-title">“{view.name}” wants to act for you</h2>
      <p>
        Check that your agent shows this code: <span className="user-code">{view.userCode}</span>
      </p>
      <div>
        <p>If you approve, it will be able to:</p>
        <ul className="scope-list" aria-label="Requested access">
          {view.scopes.map((s) => (
            <li key={s}>{SCOPE_TEXT[s]}</li>
          ))}
        </ul>
        <p className="muted small">
          It acts as {signedInAs} on the registry API only. It cannot open platform administration, create accounts, approve other
          agents or see your password. You can revoke it at any time under API tokens.
        </p>
      </div>
      <dl className="facts">
        <dt>Requested</dt>
        <dd>
          <RelativeTime iso={view.requestedAt} />
        </dd>
        {view.requestedFromIp ? (
          <>
            <dt>From address</dt>
            <dd>
              <code>{view.requestedFromIp}</code>
            </dd>
          </>
        ) : null}
        <dt>Expires</dt>
        <dd>
          <RelativeTime iso={view.expiresAt} />
        </dd>
      </dl>
      {outcome ? (
        <div role="status" className={`alert alert-${outcome.tone}`}>
          {outcome.text}
        </div>
      ) : (
        <>
          <ErrorMessage error={decide.error} title="Nothing was decided." />
          <div className="row">
            <Button
              variant="primary"
              busy={decide.isPending && decide.variables === 'approve'}
              disabled={decide.isPending}
              onClick={() => decide.mutate('approve')}
            >
              Approve
            </Button>
            <Button
              busy={decide.isPending && decide.variables === 'deny'}
              disabled={decide.isPending}
              onClick={() => decide.mutate('deny')}
            >
              Deny
            </Button>
          </div>
        </>
      )}
    </section>
  )
}
