import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { Invitation, Member, MembershipRole } from '@exocorp/shared/teams'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Dialog } from '@/components/ui/dialog'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useCreateInvitation, useResendInvitation, useRevokeInvitation } from '../api/invitations'
import { teamQueries } from '../api/queries'
import { useRemoveMember } from '../api/remove-member'
import { useUpdateMember } from '../api/update-member'

/** An invite link is relative to this app; shown whole so it can be pasted into a message. */
function absolute(url: string) {
  return new URL(url, window.location.origin).toString()
}

function MemberRow({ companyId, member, you }: { companyId: string; member: Member; you: boolean }) {
  const update = useUpdateMember(companyId)
  const remove = useRemoveMember(companyId)
  const [confirming, setConfirming] = useState(false)
  return (
    <tr>
      <td>
        {member.name}
        {you ? <span className="muted"> (you)</span> : null}
        <br />
        <span className="muted">{member.email}</span>
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
          Role of {member.email}
        </label>
        <select
          id={`role-${member.userId}`}
          value={member.role}
          disabled={member.primaryOwner}
          onChange={(e) => update.mutate({ userId: member.userId, role: e.target.value as MembershipRole })}
        >
          <option value="owner">Owner</option>
          <option value="member">Member</option>
        </select>
        {member.primaryOwner ? (
          <>
            {' '}
            <Badge tone="info">Primary owner</Badge>
          </>
        ) : null}
        {update.error ? <ErrorMessage error={update.error} /> : null}
      </td>
      <td>
        <RelativeTime iso={member.addedAt} />
      </td>
      <td>{member.lastActiveAt ? <RelativeTime iso={member.lastActiveAt} /> : <span className="muted">Never</span>}</td>
      <td>
        {member.primaryOwner ? null : (
          <Button variant="danger" onClick={() => setConfirming(true)} aria-label={`Remove ${member.email}`}>
            Remove
          </Button>
        )}
        <Dialog
          open={confirming}
          onOpenChange={setConfirming}
          title={`Remove ${member.name}?`}
          description={`${member.email} loses access to this exocorp at once. You can invite them again later.`}
        >
          <ErrorMessage error={remove.error} />
          <div className="row">
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => remove.mutate(member.userId, { onSuccess: () => setConfirming(false) })}
            >
              Remove
            </Button>
          </div>
        </Dialog>
      </td>
    </tr>
  )
}

const STATUS_TONE = { pending: 'info', expired: 'warn', accepted: 'ok', declined: 'neutral', revoked: 'neutral' } as const

function InvitationRow({ companyId, invitation }: { companyId: string; invitation: Invitation }) {
  const resend = useResendInvitation(companyId)
  const revoke = useRevokeInvitation(companyId)
  const open = invitation.status === 'pending' || invitation.status === 'expired'
  return (
    <tr>
      <td>{invitation.email}</td>
      <td>{invitation.role === 'owner' ? 'Owner' : 'Member'}</td>
      <td>
        <Badge tone={STATUS_TONE[invitation.status]}>{invitation.status}</Badge>
      </td>
      <td>
        {invitation.status === 'pending' ? (
          <>
            expires <RelativeTime iso={invitation.expiresAt} />
          </>
        ) : (
          <RelativeTime iso={invitation.respondedAt ?? invitation.expiresAt} />
        )}
      </td>
      <td>
        {open ? (
          <div className="row wrap">
            <Button
              busy={resend.isPending}
              onClick={() => resend.mutate(invitation.id)}
              aria-label={`Resend to ${invitation.email}`}
            >
              Resend
            </Button>
            <Button
              variant="danger"
              busy={revoke.isPending}
              onClick={() => revoke.mutate(invitation.id)}
              aria-label={`Revoke invitation of ${invitation.email}`}
            >
              Revoke
            </Button>
          </div>
        ) : null}
        {resend.data ? <InviteLink url={resend.data.inviteUrl} /> : null}
        <ErrorMessage error={resend.error ?? revoke.error} />
      </td>
    </tr>
  )
}

function InviteLink({ url }: { url: string }) {
  return (
    <div className="stack" role="status">
      <p>Invitation sent. Share this link with them (it is shown once; they also see the invite when signed in):</p>
      <div className="row wrap">
        <code className="invite-link">{absolute(url)}</code>
        <CopyButton text={absolute(url)} what="invite link" />
      </div>
    </div>
  )
}

function InviteForm({ companyId }: { companyId: string }) {
  const create = useCreateInvitation(companyId)
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<MembershipRole>('member')
  const fieldErrors = isApiError(create.error) ? create.error.fieldErrors : {}
  return (
    <section className="card stack" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate({ email, role }, { onSuccess: () => setEmail('') })
        }}
      >
        <Field
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldErrors.email?.[0]}
        />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as MembershipRole)}>
            <option value="member">Member (read-only)</option>
            <option value="owner">Owner</option>
          </select>
        </div>
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!email}>
          Send invitation
        </Button>
      </form>
      {create.error && !fieldErrors.email ? <ErrorMessage error={create.error} /> : null}
      {create.data ? <InviteLink url={create.data.inviteUrl} /> : null}
    </section>
  )
}

/** Members and invitations of one exocorp (owners only; the BFF refuses members with 403). */
export function MembersPanel({ companyId, viewerId }: { companyId: string; viewerId: string }) {
  const members = useQuery(teamQueries.members(companyId))
  const invitations = useQuery(teamQueries.invitations(companyId))
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {members.isPending ? (
          <Skeleton label="Loading members" variant="table" />
        ) : members.isError ? (
          <ErrorMessage error={members.error} />
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Added</th>
                  <th scope="col">Last active</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((m) => (
                  <MemberRow key={m.userId} companyId={companyId} member={m} you={m.userId === viewerId} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <InviteForm companyId={companyId} />
      <section className="card stack" aria-labelledby="invitations-title">
        <h2 id="invitations-title">Invitations</h2>
        {invitations.isPending ? (
          <Skeleton label="Loading invitations" variant="table" />
        ) : invitations.isError ? (
          <ErrorMessage error={invitations.error} />
        ) : invitations.data.items.length === 0 ? (
          <p className="muted">No invitations yet. Invitations last 7 days.</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">When</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.data.items.map((i) => (
                  <InvitationRow key={i.id} companyId={companyId} invitation={i} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
