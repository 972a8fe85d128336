import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { AgentDetail as AgentDetailData } from '@exocorp/shared/configuration'
import { Link } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { Skeleton } from '@/components/ui/skeleton'
import { notifyError, notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { NotFound } from '@/components/errors/not-found'
import { isApiError } from '@/lib/api-client'
import { usePageTitle } from '@/lib/page-title'
import { useEditAgent, type AgentFields } from '../api/agent-mutations'
import { agentQueries } from '../api/queries'
import { AgentForm, agentFieldErrors, isStaleDraft } from './agent-form'
import { CredentialFix } from './credential-fix'

export interface AgentDetailProps {
  companyId: string
  /** The agent's id (unused by the create form). */
  agentId: string
  canEdit: boolean
  listHref: string
  agentHref: (agentId: string) => string
  credentialsHref: string
  bindingsHref: string
  onBind?: (provider: string, secretId: string) => void
  binding?: boolean
  /** After a create, duplicate or delete: the page moves to where the agent now is. */
  onNavigate: (href: string) => void
  /** The draft changed: the page refreshes what depends on it (exocorp detail, diff). */
  onChanged?: () => void
}

const DEPLOYMENT: Record<AgentDetailData['agent']['deployment'], { label: string; tone: 'ok' | 'warn' | 'neutral' }> = {
  live: { label: 'Running as saved', tone: 'ok' },
  changed: { label: 'Changed, not applied', tone: 'warn' },
  not_deployed: { label: 'Not deployed', tone: 'neutral' },
}

const FIELDS = ['name', 'role', 'model'] as const

/** Only what the person changed, so re-applying on a newer draft keeps what the other save changed. */
function changedFields(initial: AgentFields, fields: AgentFields): Partial<AgentFields> {
  return Object.fromEntries(FIELDS.filter((f) => fields[f] !== initial[f]).map((f) => [f, fields[f]]))
}

/** Someone else saved first: nothing was saved; reload the draft and send the same change on top of it. */
function StaleDraftAlert({ onReapply, onDiscard, busy }: { onReapply: () => void; onDiscard: () => void; busy: boolean }) {
  return (
    <div className="alert alert-warn stack" role="alert">
      <p>
        <strong>Someone else saved first.</strong> The draft changed since you opened it, so your change was not saved.
      </p>
      <div className="row">
        <Button size="sm" variant="primary" busy={busy} onClick={onReapply}>
          Reload and re-apply my change
        </Button>
        <Button size="sm" onClick={onDiscard}>
          Discard my change
        </Button>
      </div>
    </div>
  )
}

/** The create form: adds an agent to the draft, then opens its page. */
export function NewAgent(props: AgentDetailProps) {
  usePageTitle('Add an agent')
  const list = useQuery(agentQueries.list(props.companyId))
  const edit = useEditAgent(props.companyId, props.onChanged)
  const [stale, setStale] = useState<AgentFields | null>(null)
  if (list.isPending) return <Skeleton label="Loading the draft" />
  if (list.isError) return <ErrorMessage error={list.error} />

  const create = (fields: AgentFields, baseVersion: number) =>
    edit.mutate(
      { kind: 'create', fields, baseVersion },
      {
        onSuccess: (result) => {
          setStale(null)
          notifySuccess(`${fields.name} added to the draft`)
          if (result.agent) props.onNavigate(props.agentHref(result.agent.id))
        },
        onError: (e) => {
          if (isStaleDraft(e)) setStale(fields)
          else if (!(isApiError(e) && e.status === 400)) notifyError(isApiError(e) ? e.message : 'Adding the agent failed')
        },
      },
    )

  return (
    <section className="card stack" aria-labelledby="new-agent">
      <p>
        <Link to={props.listHref}>← Agents</Link>
      </p>
      <h2 id="new-agent">Add an agent</h2>
      <p className="muted">The agent goes to the draft; apply the draft to run it.</p>
      {stale ? (
        <StaleDraftAlert
          busy={edit.isPending}
          onDiscard={() => setStale(null)}
          onReapply={() =>
            void list.refetch().then((r) => {
              if (r.data) create(stale, r.data.draftVersion)
            })
          }
        />
      ) : null}
      {props.canEdit ? (
        <AgentForm
          initial={{ name: '', role: '', model: '' }}
          submitLabel="Add agent"
          busy={edit.isPending}
          errors={agentFieldErrors(edit.error)}
          onSubmit={(fields) => create(fields, list.data.draftVersion)}
        />
      ) : (
        <p className="muted">Only the exocorp’s owner adds agents.</p>
      )}
    </section>
  )
}

/** `/company/:id/agents/:agentId`: one agent of the draft, what runs of it, and its edits. */
export function AgentDetail(props: AgentDetailProps) {
  const { companyId, agentId, canEdit } = props
  const detail = useQuery(agentQueries.detail(companyId, agentId))
  const edit = useEditAgent(companyId, props.onChanged)
  // After a stale save: the same change, to send again on the newer draft version.
  const [retry, setRetry] = useState<{ run: (baseVersion: number) => void } | null>(null)
  const [deleting, setDeleting] = useState(false)
  usePageTitle(detail.data?.agent.name ?? 'Agent')

  if (detail.isPending) return <Skeleton label="Loading agent" />
  if (detail.isError) {
    if (isApiError(detail.error) && detail.error.status === 404)
      return (
        <NotFound title="Agent not found" backTo={props.listHref} backLabel="Back to the agents">
          <p>
            The draft has no agent <code>{agentId}</code>. It may have been deleted or renamed in another tab.
          </p>
        </NotFound>
      )
    return <ErrorMessage error={detail.error} />
  }
  const { agent, running, draftVersion } = detail.data

  const failed = (what: string) => (e: Error) => {
    setDeleting(false)
    if (isApiError(e) && e.status === 400) return
    if (isStaleDraft(e)) return
    notifyError(isApiError(e) ? e.message : `${what} failed; nothing was saved`)
  }

  const save = (patch: Partial<AgentFields>, baseVersion: number) =>
    edit.mutate(
      { kind: 'update', agentId, fields: patch, baseVersion },
      {
        onSuccess: () => {
          setRetry(null)
          notifySuccess(`${patch.name ?? agent.name} saved to the draft`)
        },
        onError: (e) => {
          if (isStaleDraft(e)) setRetry({ run: (v) => save(patch, v) })
          failed('Saving')(e)
        },
      },
    )

  const duplicate = (baseVersion: number) =>
    edit.mutate(
      { kind: 'duplicate', agentId, baseVersion },
      {
        onSuccess: (result) => {
          setRetry(null)
          notifySuccess(`${agent.name} duplicated`)
          if (result.agent) props.onNavigate(props.agentHref(result.agent.id))
        },
        onError: (e) => {
          if (isStaleDraft(e)) setRetry({ run: duplicate })
          failed('Duplicating')(e)
        },
      },
    )

  const remove = (baseVersion: number) =>
    edit.mutate(
      { kind: 'delete', agentId, baseVersion },
      {
        onSuccess: () => {
          setDeleting(false)
          notifySuccess(`${agent.name} deleted`)
          props.onNavigate(props.listHref)
        },
        onError: (e) => {
          if (isStaleDraft(e)) setRetry({ run: remove })
          failed('Deleting')(e)
        },
      },
    )

  const initial = { name: agent.name, role: agent.role, model: agent.model }
  return (
    <div className="stack">
      <p>
        <Link to={props.listHref}>← Agents</Link>
      </p>
      <section className="card stack" aria-labelledby="agent-heading">
        <div className="row row-between">
          <h2 id="agent-heading">{agent.name}</h2>
          <Badge tone={DEPLOYMENT[agent.deployment].tone}>{DEPLOYMENT[agent.deployment].label}</Badge>
        </div>
        <CredentialFix
          agent={agent}
          canEdit={canEdit}
          credentialsHref={props.credentialsHref}
          bindingsHref={props.bindingsHref}
          onBind={props.onBind}
          binding={props.binding}
        />
        {retry ? (
          <StaleDraftAlert
            busy={edit.isPending || detail.isFetching}
            onDiscard={() => {
              setRetry(null)
              void detail.refetch()
            }}
            onReapply={() =>
              void detail.refetch().then((r) => {
                if (r.data) retry.run(r.data.draftVersion)
              })
            }
          />
        ) : null}
        {canEdit ? (
          <AgentForm
            // A new draft version (saved here or re-read) starts the form from what the draft now holds.
            key={draftVersion}
            initial={initial}
            submitLabel="Save agent"
            busy={edit.isPending && edit.variables.kind === 'update'}
            errors={agentFieldErrors(edit.error)}
            onSubmit={(fields) => {
              const patch = changedFields(initial, fields)
              if (Object.keys(patch).length === 0) return notifySuccess('Nothing changed')
              save(patch, draftVersion)
            }}
          >
            <Button busy={edit.isPending && edit.variables.kind === 'duplicate'} onClick={() => duplicate(draftVersion)}>
              Duplicate
            </Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </AgentForm>
        ) : (
          <dl className="facts">
            <dt>Role</dt>
            <dd>{agent.role}</dd>
            <dt>Model</dt>
            <dd className="mono">{agent.model}</dd>
          </dl>
        )}
      </section>
      <section className="card stack" aria-labelledby="agent-running">
        <h2 id="agent-running">Draft and running</h2>
        {running === null ? (
          <p className="muted">Nothing of this agent runs yet: it starts when the draft is applied.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Running</th>
                <th scope="col">Draft</th>
              </tr>
            </thead>
            <tbody>
              {FIELDS.map((f) => (
                <tr key={f}>
                  <th scope="row">{f}</th>
                  <td className="mono">{running[f]}</td>
                  <td className="mono">
                    {agent[f]}
                    {agent[f] !== running[f] ? <Badge tone="warn">changed</Badge> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Dialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${agent.name}?`}
        description="The agent is removed from the draft; the running exocorp keeps it until you apply."
      >
        <div className="row">
          <Button variant="danger" busy={edit.isPending} onClick={() => remove(draftVersion)}>
            Delete agent
          </Button>
          <Button onClick={() => setDeleting(false)}>Cancel</Button>
        </div>
      </Dialog>
    </div>
  )
}
