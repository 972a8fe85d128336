import { useState } from 'react'
import {
  accessLevelOf,
  LEVEL_CAPABILITIES,
  OperatorAccessLevelSchema,
  type ApprovalView,
  type OperatorAccessLevel,
} from '@exocorp/shared/operator-clients'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { useDecideApproval } from '../api/decide-approval'
import { CompanyChoice, type CompanyChoiceValue } from './company-choice'
import { LEVEL_LABEL } from './scopes'
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
  const requested = accessLevelOf(view.scopes)
  const [level, setLevel] = useState<OperatorAccessLevel>(requested)
  const [reach, setReach] = useState<CompanyChoiceValue>(null)
  // Once decided, the view's scopes are what was granted.
  const shown = view.status === 'pending' ? level : requested
  const outcome = view.status === 'pending' ? null : OUTCOME[view.status]
  return (
    <section className="card stack" aria-labelledby="approval-title">
      <h2 id="approval-title">“{view.name}” wants to act for you</h2>
      <p>
        Check that your agent shows this code: <span className="user-code">{view.userCode}</span>
      </p>
      <div className="stack">
        {view.status === 'pending' ? (
          <fieldset>
            <legend>Access to grant</legend>
            {OperatorAccessLevelSchema.options.map((l) => (
              <label key={l} className="row">
                <input type="radio" name="access" value={l} checked={level === l} onChange={() => setLevel(l)} />
                {LEVEL_LABEL[l]}
                {l === requested ? <span className="muted small"> (asked for)</span> : null}
              </label>
            ))}
          </fieldset>
        ) : null}
        {view.status === 'pending' ? <CompanyChoice value={reach} onChange={setReach} /> : null}
        <p>{view.status === 'pending' ? 'If you approve, it will be able to:' : 'It can:'}</p>
        <ul className="scope-list" aria-label="What the token can do">
          {LEVEL_CAPABILITIES[shown].map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
        {shown !== 'full' ? <p className="muted small">It cannot destroy an exocorp.</p> : null}
        {view.status !== 'pending' && view.companyIds ? (
          <p className="muted small">
            Only on the {view.companyIds.length === 1 ? 'exocorp' : `${view.companyIds.length} exocorps`} you chose.
          </p>
        ) : null}
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
              busy={decide.isPending && decide.variables?.decision === 'approve'}
              disabled={decide.isPending || (reach !== null && reach.length === 0)}
              onClick={() => decide.mutate({ decision: 'approve', access: level, companyIds: reach })}
            >
              Approve
            </Button>
            <Button
              busy={decide.isPending && decide.variables?.decision === 'deny'}
              disabled={decide.isPending}
              onClick={() => decide.mutate({ decision: 'deny' })}
            >
              Deny
            </Button>
          </div>
        </>
      )}
    </section>
  )
}
