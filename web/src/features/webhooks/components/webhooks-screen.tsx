import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import {
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookDeliveryState,
  type WebhookEndpoint,
  type WebhookEventType,
} from '@exocorp/shared/webhooks'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { SecretOnce as SharedSecretOnce } from '@/components/ui/secret-once'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useWebhookActions } from '../api/mutations'
import { webhookQueries } from '../api/queries'

/** An exocorp the signed-in user owns, for the "which exocorps" choice (the route passes them in). */
export interface OwnedExocorp {
  id: string
  name: string
}

const DELIVERY_TONE: Record<WebhookDeliveryState, BadgeTone> = { pending: 'warn', succeeded: 'ok', failed: 'bad' }
const DELIVERY_LABEL: Record<WebhookDeliveryState, string> = { pending: 'Retrying', succeeded: 'Delivered', failed: 'Failed' }

/** The secret appears once, after create or rotate: the server never shows it again. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <SharedSecretOnce label="Signing secret" secret={secret} testId="webhook-secret" onDone={onDone}>
      <strong>Signing secret</strong> — copy it now; it is shown once. Verify each delivery’s <code>webhook-signature</code> with
      it (Standard Webhooks; libraries exist for most languages).
    </SharedSecretOnce>
  )
}

function CreateForm({ exocorps, onCreated }: { exocorps: OwnedExocorp[]; onCreated: (secret: string) => void }) {
  const { create } = useWebhookActions()
  const [url, setUrl] = useState('')
  const [description, setDescription] = useState('')
  const [types, setTypes] = useState<Set<WebhookEventType>>(new Set(WEBHOOK_EVENT_TYPES))
  const [allExocorps, setAllExocorps] = useState(true)
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const fields = isApiError(create.error) ? create.error.fieldErrors : {}
  const toggle = <T,>(set: Set<T>, value: T) => {
    const next = new Set(set)
    if (next.has(value)) next.delete(value)
    else next.add(value)
    return next
  }
  return (
    <form
      className="card stack"
      aria-label="Add an endpoint"
      onSubmit={(e) => {
        e.preventDefault()
        create.mutate(
          {
            url: url.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            eventTypes: WEBHOOK_EVENT_TYPES.filter((t) => types.has(t)),
            exocorpIds: allExocorps ? null : [...chosen],
          },
          {
            onSuccess: (r) => {
              setUrl('')
              setDescription('')
              onCreated(r.secret)
            },
          },
        )
      }}
    >
      <h2>Add an endpoint</h2>
      <Field
        label="Endpoint URL"
        placeholder="https://example.com/hooks/exocorp"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={fields.url?.[0]}
        hint="https only, on a public address (plain http to localhost in development)."
      />
      <Field label="Description (optional)" value={description} onChange={(e) => setDescription(e.target.value)} />
      <fieldset className="stack">
        <legend>Events</legend>
        {WEBHOOK_EVENT_TYPES.map((t) => (
          <label key={t} className="row">
            <input type="checkbox" checked={types.has(t)} onChange={() => setTypes((s) => toggle(s, t))} />
            {WEBHOOK_EVENT_LABELS[t]} <code className="muted">{t}</code>
          </label>
        ))}
        {fields.eventTypes ? <p className="field-error">{fields.eventTypes[0]}</p> : null}
      </fieldset>
      <fieldset className="stack">
        <legend>Exocorps</legend>
        <label className="row">
          <input type="checkbox" checked={allExocorps} onChange={() => setAllExocorps((v) => !v)} />
          Every exocorp you own, including new ones
        </label>
        {!allExocorps
          ? exocorps.map((c) => (
              <label key={c.id} className="row">
                <input type="checkbox" checked={chosen.has(c.id)} onChange={() => setChosen((s) => toggle(s, c.id))} />
                {c.name}
              </label>
            ))
          : null}
        {fields.exocorpIds ? <p className="field-error">{fields.exocorpIds[0]}</p> : null}
      </fieldset>
      <div>
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!url.trim() || types.size === 0}>
          Add endpoint
        </Button>
      </div>
      {create.isError && Object.keys(fields).length === 0 ? <ErrorMessage error={create.error} /> : null}
    </form>
  )
}

function DeliveryRow({ webhookId, delivery: d }: { webhookId: string; delivery: WebhookDelivery }) {
  const [open, setOpen] = useState(false)
  const { resend } = useWebhookActions()
  const detail = useQuery({ ...webhookQueries.delivery(webhookId, d.id), enabled: open })
  return (
    <>
      <tr>
        <td>
          <code>{d.eventType}</code>
        </td>
        <td>
          <Badge tone={DELIVERY_TONE[d.state]}>{DELIVERY_LABEL[d.state]}</Badge>
        </td>
        <td>{d.attempts}</td>
        <td>{d.lastStatus ?? (d.lastError ? '—' : '')}</td>
        <td>
          <RelativeTime iso={d.createdAt} />
          {d.state === 'pending' && d.nextAttemptAt ? (
            <span className="muted">
              {' '}
              · next <RelativeTime iso={d.nextAttemptAt} />
            </span>
          ) : null}
        </td>
        <td className="row">
          <Button size="sm" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
            {open ? 'Hide' : 'Details'}
          </Button>
          <Button
            size="sm"
            busy={resend.isPending}
            aria-label={`Resend ${d.id}`}
            onClick={() => resend.mutate({ webhookId, deliveryId: d.id })}
          >
            Resend
          </Button>
        </td>
      </tr>
      {resend.isError ? (
        <tr>
          <td colSpan={6}>
            <ErrorMessage error={resend.error} />
          </td>
        </tr>
      ) : null}
      {open ? (
        <tr>
          <td colSpan={6}>
            <div className="stack" aria-label={`Delivery ${d.id}`}>
              <p>
                <code>webhook-id: {d.id}</code>
              </p>
              <p className="muted">Request body</p>
              <pre className="pre-wrap">{d.payload}</pre>
              {detail.isPending ? (
                <Skeleton label="Loading attempts" />
              ) : detail.isError ? (
                <ErrorMessage error={detail.error} />
              ) : (
                <ol className="plain-list stack" aria-label="Attempts">
                  {detail.data.attempts.map((a) => (
                    <li key={a.attempt} className="stack">
                      <span>
                        Attempt {a.attempt}: {a.status !== null ? `HTTP ${a.status}` : (a.error ?? 'no answer')} in {a.durationMs}{' '}
                        ms, <RelativeTime iso={a.at} />
                      </span>
                      {a.responseBody ? <pre className="pre-wrap">{a.responseBody}</pre> : null}
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </td>
        </tr>
      ) : null}
    </>
  )
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const [state, setState] = useState<WebhookDeliveryState | ''>('')
  const log = useInfiniteQuery(webhookQueries.deliveries(webhookId, state || undefined))
  const items = log.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <section className="stack" aria-label="Delivery log">
      <div className="row spread">
        <h3>Delivery log</h3>
        <label className="row">
          Show{' '}
          <select value={state} onChange={(e) => setState(e.target.value as WebhookDeliveryState | '')}>
            <option value="">All</option>
            <option value="pending">Retrying</option>
            <option value="failed">Failed</option>
            <option value="succeeded">Delivered</option>
          </select>
        </label>
      </div>
      {log.isPending ? (
        <Skeleton label="Loading deliveries" variant="table" />
      ) : log.isError ? (
        <ErrorMessage error={log.error} />
      ) : items.length === 0 ? (
        <p className="muted">No deliveries yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last status</th>
                <th scope="col">Queued</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <DeliveryRow key={d.id} webhookId={webhookId} delivery={d} />
              ))}
            </tbody>
          </table>
          {log.hasNextPage ? (
            <Button onClick={() => void log.fetchNextPage()} busy={log.isFetchingNextPage}>
              Load more
            </Button>
          ) : null}
        </div>
      )}
    </section>
  )
}

function EndpointCard({ endpoint: e, exocorps }: { endpoint: WebhookEndpoint; exocorps: OwnedExocorp[] }) {
  const { update, remove, rotate, sendTest } = useWebhookActions()
  const [showLog, setShowLog] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [confirmRotate, setConfirmRotate] = useState(false)
  const [secret, setSecret] = useState<string | null>(null)
  const names = new Map(exocorps.map((c) => [c.id, c.name]))
  const enabled = e.state === 'enabled'
  return (
    <li className="card stack" aria-label={e.url}>
      <div className="row spread wrap">
        <strong className="pre-wrap">{e.url}</strong>
        <span data-testid="webhook-state">
          <Badge tone={enabled ? (e.failingSince ? 'warn' : 'ok') : 'bad'}>
            {enabled ? (e.failingSince ? 'Failing' : 'Enabled') : 'Disabled'}
          </Badge>
        </span>
      </div>
      {e.description ? <p>{e.description}</p> : null}
      {e.disabledReason ? <p className="field-error">{e.disabledReason}</p> : null}
      {enabled && e.failingSince ? (
        <p className="muted">
          Every attempt has failed since <RelativeTime iso={e.failingSince} />; it is disabled after a day of failures.
        </p>
      ) : null}
      <p className="muted">
        {e.eventTypes.map((t) => WEBHOOK_EVENT_LABELS[t]).join(', ')} ·{' '}
        {e.exocorpIds ? e.exocorpIds.map((id) => names.get(id) ?? id).join(', ') : 'every exocorp you own'}
      </p>
      {e.previousSecretExpiresAt ? (
        <p className="muted">
          The previous secret also signs until <RelativeTime iso={e.previousSecretExpiresAt} /> (two signatures per delivery).
        </p>
      ) : null}
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      <div className="row wrap">
        <Button aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
          {showLog ? 'Hide delivery log' : 'Delivery log'}
        </Button>
        <Button
          busy={sendTest.isPending}
          disabled={!enabled}
          onClick={() => sendTest.mutate(e.id, { onSuccess: () => setShowLog(true) })}
        >
          Send test event
        </Button>
        <Button onClick={() => setConfirmRotate(true)}>Rotate secret</Button>
        <Button busy={update.isPending} onClick={() => update.mutate({ webhookId: e.id, body: { enabled: !enabled } })}>
          {enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button variant="danger" onClick={() => setConfirmDelete(true)}>
          Delete
        </Button>
      </div>
      {sendTest.data && sendTest.variables === e.id ? (
        <p role="status" className={sendTest.data.state === 'succeeded' ? undefined : 'field-error'}>
          {sendTest.data.state === 'succeeded'
            ? `Test event delivered: the endpoint answered HTTP ${sendTest.data.lastStatus ?? ''}.`
            : `Test event failed: ${sendTest.data.lastError ?? 'no answer'}. It is in the delivery log; resend it from there.`}
        </p>
      ) : null}
      <ErrorMessage error={update.error ?? rotate.error ?? sendTest.error} />
      {showLog ? <DeliveryLog webhookId={e.id} /> : null}
      <Dialog
        open={confirmRotate}
        onOpenChange={setConfirmRotate}
        title="Rotate the signing secret?"
        description="A new secret signs from now on. The current one keeps signing beside it for 24 hours, so your receiver can switch without missing a delivery."
      >
        <div className="row">
          <Button
            variant="primary"
            busy={rotate.isPending}
            onClick={() =>
              rotate.mutate(
                { webhookId: e.id, overlapMinutes: 24 * 60 },
                {
                  onSuccess: (r) => {
                    setSecret(r.secret)
                    setConfirmRotate(false)
                  },
                },
              )
            }
          >
            Rotate
          </Button>
          <Button onClick={() => setConfirmRotate(false)}>Cancel</Button>
        </div>
      </Dialog>
      <Dialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this endpoint?"
        description={`Nothing more is sent to ${e.url}, and its delivery log is deleted with it.`}
      >
        <div className="row">
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={() => remove.mutate(e.id, { onSuccess: () => setConfirmDelete(false) })}
          >
            Delete endpoint
          </Button>
          <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
        </div>
        <ErrorMessage error={remove.error} />
      </Dialog>
    </li>
  )
}

/** `/account/webhooks`: the owner's outgoing webhooks (decision 046). */
export function WebhooksScreen({ exocorps }: { exocorps: OwnedExocorp[] }) {
  const list = useQuery(webhookQueries.list())
  const [secret, setSecret] = useState<string | null>(null)
  return (
    <div className="stack">
      <p className="muted">
        Send your exocorps’ events — status changes, job results, unreachable runtimes, billing — to your own URL. Each delivery
        is signed the Standard Webhooks way (<code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>) and retried with backoff for 24 hours; an endpoint that fails for a day is disabled and
        you are notified.
      </p>
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      <CreateForm exocorps={exocorps} onCreated={setSecret} />
      {list.isPending ? (
        <Skeleton label="Loading webhooks" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No endpoints yet.</p>
      ) : (
        <ul className="plain-list stack" aria-label="Endpoints">
          {list.data.items.map((e) => (
            <EndpointCard key={e.id} endpoint={e} exocorps={exocorps} />
          ))}
        </ul>
      )}
    </div>
  )
}
