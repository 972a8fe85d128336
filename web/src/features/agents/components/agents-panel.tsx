import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { Agent } from '@exocorp/shared/configuration'
import { Link } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { Skeleton } from '@/components/ui/skeleton'
import { notifyError, notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useEditAgent } from '../api/agent-mutations'
import { agentQueries } from '../api/queries'
import { isStaleDraft } from './agent-form'
import { CredentialFix } from './credential-fix'

export interface AgentsPanelProps {
  companyId: string
  canEdit: boolean
  /** Where a missing credential is added (the Credentials page). */
  credentialsHref: string
  /** Where the owner picks one of several credentials (the exocorp's bindings). */
  bindingsHref: string
  /** Each agent's page, and the create form. */
  agentHref: (agentId: string) => string
  newAgentHref: string
  /** Binds a provider's only credential (the fix offered for an agent). */
  onBind?: (provider: string, secretId: string) => void
  /** The draft changed: the page refreshes what depends on it (detail, diff). */
  onChanged?: () => void
}

const DEPLOYMENT: Record<Agent['deployment'], { label: string; tone: 'ok' | 'warn' | 'neutral' }> = {
  live: { label: 'Running', tone: 'ok' },
  changed: { label: 'Changed, not applied', tone: 'warn' },
  not_deployed: { label: 'Not deployed', tone: 'neutral' },
}

/** The draft's agents: list, add, edit, duplicate and delete (confirmed); edits are optimistic. */
export function AgentsPanel({
  companyId,
  canEdit,
  credentialsHref,
  bindingsHref,
  agentHref,
  newAgentHref,
  onBind,
  onChanged,
}: AgentsPanelProps) {
  const list = useQuery(agentQueries.list(companyId))
  const edit = useEditAgent(companyId, onChanged)
  const [deleting, setDeleting] = useState<Agent | null>(null)
  const [stale, setStale] = useState(false)

  if (list.isPending) return <Skeleton label="Loading agents" variant="table" />
  if (list.isError) return <ErrorMessage error={list.error} />
  const page = list.data
  const version = page.draftVersion

  const run = (input: Parameters<typeof edit.mutate>[0], done: string) =>
    edit.mutate(input, {
      onSuccess: () => {
        setDeleting(null)
        setStale(false)
        notifySuccess(done)
      },
      onError: (e) => {
        setDeleting(null)
        if (isStaleDraft(e)) setStale(true)
        else notifyError(isApiError(e) ? e.message : 'The change failed; nothing was saved')
      },
    })

  return (
    <section className="card stack" aria-labelledby={`agents-${companyId}`}>
      <div className="row row-between">
        <h2 id={`agents-${companyId}`}>Agents</h2>
        {canEdit ? (
          <Link className="btn btn-primary" to={newAgentHref}>
            Add agent
          </Link>
        ) : null}
      </div>
      {stale ? (
        <div className="alert alert-warn" role="alert">
          <strong>Someone else saved first.</strong> The draft changed since you opened it; your change was not saved.{' '}
          <Button
            size="sm"
            onClick={() => {
              setStale(false)
              void list.refetch()
            }}
          >
            Reload the draft
          </Button>{' '}
          and apply your change again.
        </div>
      ) : null}
      {page.items.length === 0 ? (
        <p className="muted">No agents yet. An exocorp needs at least one agent before it can be provisioned.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                {canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={agentHref(a.id)}>{a.name}</Link>
                  </th>
                  <td>{a.role}</td>
                  <td>
                    <span className="mono">{a.model}</span>
                    <CredentialFix
                      agent={a}
                      canEdit={canEdit}
                      credentialsHref={credentialsHref}
                      bindingsHref={bindingsHref}
                      onBind={onBind}
                    />
                  </td>
                  <td>
                    <Badge tone={DEPLOYMENT[a.deployment].tone}>{DEPLOYMENT[a.deployment].label}</Badge>
                  </td>
                  {canEdit ? (
                    <td className="row">
                      <Link className="btn btn-secondary btn-sm" to={agentHref(a.id)} aria-label={`Edit ${a.name}`}>
                        Edit
                      </Link>
                      <Button
                        size="sm"
                        aria-label={`Duplicate ${a.name}`}
                        onClick={() => run({ kind: 'duplicate', agentId: a.id, baseVersion: version }, `${a.name} duplicated`)}
                      >
                        Duplicate
                      </Button>
                      <Button size="sm" variant="danger" aria-label={`Delete ${a.name}`} onClick={() => setDeleting(a)}>
                        Delete
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name ?? ''}?`}
        description="The agent is removed from the draft; the running exocorp keeps it until you apply."
      >
        <div className="row">
          <Button
            variant="danger"
            busy={edit.isPending}
            onClick={() =>
              deleting && run({ kind: 'delete', agentId: deleting.id, baseVersion: version }, `${deleting.name} deleted`)
            }
          >
            Delete agent
          </Button>
          <Button onClick={() => setDeleting(null)}>Cancel</Button>
        </div>
      </Dialog>
    </section>
  )
}
