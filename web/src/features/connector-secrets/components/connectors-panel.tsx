import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES, type ConnectorPosture } from '@exocorp/shared/connector-events'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Dialog } from '@/components/ui/dialog'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { SecretOnce } from '@/components/ui/secret-once'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useConnectorSecretActions } from '../api/mutations'
import { connectorSecretQueries } from '../api/queries'

const VERIFICATION_LABEL: Record<NonNullable<ConnectorPosture['lastVerification']>, string> = {
  verified: 'verified',
  bad_signature: 'bad signature',
  stale: 'stale signature',
  unsigned: 'unsigned',
  replayed: 'a repeat',
}

/** How long the replaced secret keeps verifying after a rotation (decision 056). */
const OVERLAPS = [
  { minutes: 0, label: 'No overlap: the old secret stops now' },
  { minutes: 60, label: '1 hour' },
  { minutes: CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES, label: '24 hours (recommended)' },
  { minutes: 7 * 24 * 60, label: '7 days' },
]

/**
 * An exocorp's connector deliveries (decisions 047, 056), for its owner: each connector's hook URL and
 * verification posture — signed or not, the secret's last 4, when it was set and rotated, until when
 * the replaced secret still verifies — with set, rotate (overlap chosen) and remove.
 */
export function ConnectorsPanel({ companyId }: { companyId: string }) {
  const list = useQuery(connectorSecretQueries.list(companyId))
  const { issue, remove } = useConnectorSecretActions(companyId)
  const [name, setName] = useState('')
  const [shown, setShown] = useState<{ connector: string; secret: string } | null>(null)
  const [rotating, setRotating] = useState<string | null>(null)
  const [overlap, setOverlap] = useState(CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES)
  const [removing, setRemoving] = useState<string | null>(null)
  const nameError = isApiError(issue.error) ? issue.error.fieldErrors.connector?.[0] : undefined

  const set = (connector: string, overlapMinutes?: number, after?: () => void) =>
    issue.mutate(
      { connector, overlapMinutes },
      {
        onSuccess: (r) => {
          setShown({ connector: r.connector, secret: r.secret })
          after?.()
        },
      },
    )

  return (
    <section className="card stack" aria-labelledby="connectors-title">
      <h2 id="connectors-title">Connectors</h2>
      <p className="muted">
        Services such as GitHub or Slack deliver events to this exocorp at{' '}
        <code>{list.data ? `${list.data.hookBaseUrl}<connector>` : '…/hooks/<connector>'}</code>. Set a signing secret for a
        connector and only deliveries signed with it (Standard Webhooks headers <code>webhook-id</code>,{' '}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>) are accepted; without one they are accepted unsigned.
        After a rotation the old secret keeps verifying for the overlap you choose, so the sender can switch without a refused
        delivery.
      </p>
      {shown ? (
        <SecretOnce
          label={`New ${shown.connector} signing secret`}
          secret={shown.secret}
          testId="connector-secret"
          onDone={() => setShown(null)}
        >
          <strong>Signing secret for {shown.connector}</strong> — copy it into the sender now; it is shown once.
        </SecretOnce>
      ) : null}
      <form
        className="stack"
        aria-label="Sign a connector"
        onSubmit={(e) => {
          e.preventDefault()
          set(name.trim(), undefined, () => setName(''))
        }}
      >
        <Field
          label="Connector"
          placeholder="github"
          hint="Lower-case letters, digits and dashes, as in the hook URL."
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
        />
        <div>
          <Button type="submit" variant="primary" busy={issue.isPending && !rotating} disabled={!name.trim()}>
            Set signing secret
          </Button>
        </div>
      </form>
      {issue.isError && !nameError ? <ErrorMessage error={issue.error} /> : null}
      {list.isPending ? (
        <Skeleton label="Loading connectors" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No connector has delivered anything or been given a secret yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label="Connector verification posture">
            <thead>
              <tr>
                <th scope="col">Connector</th>
                <th scope="col">Verification</th>
                <th scope="col">Secret</th>
                <th scope="col">Last delivery</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.connector}>
                  <th scope="row">
                    <div className="stack">
                      <strong>{c.connector}</strong>
                      <span className="row wrap">
                        <code className="pre-wrap">{c.hookUrl}</code>
                        <CopyButton text={c.hookUrl} what={`${c.connector} hook URL`} />
                      </span>
                    </div>
                  </th>
                  <td>{c.signed ? <Badge tone="ok">Signed</Badge> : <Badge tone="warn">Unsigned</Badge>}</td>
                  <td>
                    {c.secret ? (
                      <div className="stack">
                        <span>
                          Ends in <code>{c.secret.last4}</code>
                        </span>
                        <span className="muted">
                          Set <RelativeTime iso={c.secret.createdAt} />, rotated <RelativeTime iso={c.secret.rotatedAt} />
                        </span>
                        {c.secret.previousExpiresAt ? (
                          <span>
                            The previous secret also verifies until <RelativeTime iso={c.secret.previousExpiresAt} />
                          </span>
                        ) : null}
                      </div>
                    ) : (
                      <span className="muted">None: deliveries are accepted unsigned</span>
                    )}
                  </td>
                  <td>
                    {c.lastDeliveryAt ? (
                      <span>
                        <RelativeTime iso={c.lastDeliveryAt} />
                        {c.lastVerification ? `, ${VERIFICATION_LABEL[c.lastVerification]}` : null}
                      </span>
                    ) : (
                      <span className="muted">None yet</span>
                    )}
                  </td>
                  <td>
                    <div className="row wrap">
                      {c.signed ? (
                        <>
                          <Button aria-label={`Rotate the ${c.connector} secret`} onClick={() => setRotating(c.connector)}>
                            Rotate
                          </Button>
                          <Button
                            variant="danger"
                            aria-label={`Remove the ${c.connector} secret`}
                            onClick={() => setRemoving(c.connector)}
                          >
                            Remove
                          </Button>
                        </>
                      ) : (
                        <Button
                          aria-label={`Set a ${c.connector} secret`}
                          busy={issue.isPending && issue.variables?.connector === c.connector}
                          onClick={() => set(c.connector)}
                        >
                          Set secret
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.isError ? <ErrorMessage error={remove.error} /> : null}
      <Dialog
        open={rotating !== null}
        onOpenChange={(open) => !open && setRotating(null)}
        title={`Rotate the ${rotating ?? ''} signing secret?`}
        description="A new secret is shown once. Deliveries signed with the current one are still accepted during the overlap."
      >
        <div className="field">
          <label htmlFor="connector-overlap">Overlap</label>
          <select id="connector-overlap" value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
            {OVERLAPS.map((o) => (
              <option key={o.minutes} value={o.minutes}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="row">
          <Button
            variant="primary"
            busy={issue.isPending}
            onClick={() => rotating && set(rotating, overlap, () => setRotating(null))}
          >
            Rotate
          </Button>
          <Button onClick={() => setRotating(null)}>Cancel</Button>
        </div>
      </Dialog>
      <Dialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove the ${removing ?? ''} signing secret?`}
        description="Its deliveries are then accepted unsigned, and the runtime is told they were not verified."
      >
        <div className="row">
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={() => removing && remove.mutate(removing, { onSuccess: () => setRemoving(null) })}
          >
            Remove secret
          </Button>
          <Button onClick={() => setRemoving(null)}>Cancel</Button>
        </div>
      </Dialog>
    </section>
  )
}
