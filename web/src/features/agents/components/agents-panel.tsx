import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { Agent } from '@exocorp/shared/configuration'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { Field } from '@/components/ui/field'
import { Skeleton } from '@/components/ui/skeleton'
import { notifyError, notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useEditAgent, type AgentFields } from '../api/agent-mutations'
import { agentQueries } from '../api/queries'

export interface AgentsPanelProps {
  companyId: string
  canEdit: boolean
  /** Where a missing credential is added (the Credentials page). */
  credentialsHref: string
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

function isStale(e: unknown) {
  return isApiError(e) && e.status === 409 && e.details?.reason === 'stale_draft'
}

function fieldErrorsOf(e: unknown): Record<string, string> {
  if (!isApiError(e) || e.status !== 400) return {}
  const fields = e.details?.fields
  if (!fields || typeof fields !== 'object') return {}
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]))
}

function AgentForm({
  companyId,
  initial,
  submitLabel,
  busy,
  errors,
  onSubmit,
}: {
  companyId: string
  initial: AgentFields
  submitLabel: string
  busy: boolean
  errors: Record<string, string>
  onSubmit: (fields: AgentFields) => void
}) {
  const models = useQuery(agentQueries.models())
  const [fields, setFields] = useState(initial)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit(fields)
  }
  return (
    <form className="stack" onSubmit={submit} aria-label={submitLabel} data-company={companyId}>
      <Field
        label="Name"
        value={fields.name}
        error={errors.name}
        onChange={(e) => setFields({ ...fields, name: e.target.value })}
      />
      <Field
        label="Role"
        value={fields.role}
        error={errors.role}
        onChange={(e) => setFields({ ...fields, role: e.target.value })}
      />
      <div className="field">
        <label htmlFor={`model-${companyId}`}>Model</label>
        <select
          id={`model-${companyId}`}
          value={fields.model}
          aria-invalid={errors.model ? true : undefined}
          onChange={(e) => setFields({ ...fields, model: e.target.value })}
        >
          <option value="">Pick a model</option>
          {(models.data?.items ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.label} · {m.provider} · {Math.round(m.contextWindow / 1000)}k context
              {m.price
                ? ` · $${(m.price.inputMicrosPerMTok / 1e6).toFixed(2)}/$${(m.price.outputMicrosPerMTok / 1e6).toFixed(2)} per 1M`
                : ''}
            </option>
          ))}
          {fields.model && !models.data?.items.some((m) => m.id === fields.model) ? (
            <option value={fields.model}>{fields.model}</option>
          ) : null}
        </select>
        {errors.model ? <p className="field-error">{errors.model}</p> : null}
      </div>
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  )
}

/** The draft's agents: list, add, edit, duplicate and delete (confirmed); edits are optimistic. */
export function AgentsPanel({ companyId, canEdit, credentialsHref, onBind, onChanged }: AgentsPanelProps) {
  const list = useQuery(agentQueries.list(companyId))
  const edit = useEditAgent(companyId, onChanged)
  const [editing, setEditing] = useState<Agent | 'new' | null>(null)
  const [deleting, setDeleting] = useState<Agent | null>(null)
  const [stale, setStale] = useState(false)

  if (list.isPending) return <Skeleton label="Loading agents" variant="table" />
  if (list.isError) return <ErrorMessage error={list.error} />
  const page = list.data
  const version = page.draftVersion

  const run = (input: Parameters<typeof edit.mutate>[0], done: string) =>
    edit.mutate(input, {
      onSuccess: () => {
        setEditing(null)
        setDeleting(null)
        setStale(false)
        notifySuccess(done)
      },
      onError: (e) => {
        // Field errors stay in the open form; anything else closes it and says what happened.
        if (isApiError(e) && e.status === 400) return
        setEditing(null)
        setDeleting(null)
        if (isStale(e)) setStale(true)
        else notifyError(isApiError(e) ? e.message : 'The change failed; nothing was saved')
      },
    })

  return (
    <section className="card stack" aria-labelledby={`agents-${companyId}`}>
      <div className="row row-between">
        <h2 id={`agents-${companyId}`}>Agents</h2>
        {canEdit ? (
          <Button variant="primary" onClick={() => setEditing('new')}>
            Add agent
          </Button>
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
        <div className="table-scroll">
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
                  <th scope="row">{a.name}</th>
                  <td>{a.role}</td>
                  <td>
                    <span className="mono">{a.model}</span>
                    {a.credential === 'missing' && a.fix ? (
                      <div className="field-error" role="note">
                        No {a.fix.provider} credential bound.{' '}
                        {a.fix.action === 'bind' && canEdit && onBind ? (
                          <Button size="sm" onClick={() => a.fix?.action === 'bind' && onBind(a.fix.provider, a.fix.secretId)}>
                            Bind “{a.fix.label}”
                          </Button>
                        ) : (
                          <a href={credentialsHref}>Add a {a.fix.provider} credential</a>
                        )}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <Badge tone={DEPLOYMENT[a.deployment].tone}>{DEPLOYMENT[a.deployment].label}</Badge>
                  </td>
                  {canEdit ? (
                    <td className="row">
                      <Button size="sm" onClick={() => setEditing(a)} aria-label={`Edit ${a.name}`}>
                        Edit
                      </Button>
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
        open={editing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setEditing(null)
            edit.reset()
          }
        }}
        title={editing === 'new' ? 'Add an agent' : `Edit ${editing?.name ?? ''}`}
        description="Changes go to the draft; apply them to the running exocorp from its overview."
      >
        {editing ? (
          <AgentForm
            companyId={companyId}
            initial={
              editing === 'new'
                ? { name: '', role: '', model: '' }
                : { name: editing.name, role: editing.role, model: editing.model }
            }
            submitLabel={editing === 'new' ? 'Add agent' : 'Save agent'}
            busy={edit.isPending}
            errors={fieldErrorsOf(edit.error)}
            onSubmit={(fields) =>
              editing === 'new'
                ? run({ kind: 'create', fields, baseVersion: version }, `${fields.name} added to the draft`)
                : run({ kind: 'update', agentId: editing.id, fields, baseVersion: version }, `${fields.name} saved`)
            }
          />
        ) : null}
      </Dialog>
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
