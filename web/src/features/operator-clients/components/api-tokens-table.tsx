import { useState } from 'react'
import type { OperatorClient, OperatorScope } from '@exocorp/shared/operator-clients'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { useRevokeOperatorClient } from '../api/revoke-operator-client'
import { Dialog } from '@/components/ui/dialog'
import { SCOPE_SHORT } from './scopes'

const widest = (scopes: readonly OperatorScope[]): OperatorScope =>
  scopes.includes('registry:destroy')
    ? 'registry:destroy'
    : scopes.includes('registry:write')
      ? 'registry:write'
      : 'registry:read'
import { RelativeTime } from '@/components/ui/relative-time'
import { CopyButton } from '@/components/ui/copy-button'

/** The user's approved agents (operator clients) and their bearer tokens; revoking needs a confirmation. */
export function ApiTokensTable({ clients }: { clients: OperatorClient[] }) {
  const revoke = useRevokeOperatorClient()
  const [confirming, setConfirming] = useState<OperatorClient | null>(null)
  const [done, setDone] = useState<string | null>(null)

  if (clients.length === 0) {
    return <p className="muted">No agents are connected. When you approve one, its token shows up here.</p>
  }
  return (
    <>
      {done ? <p role="status">{done}</p> : null}
      <div className="table-wrap" tabIndex={0}>
        <table className="table">
          <caption className="visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Access</th>
              <th scope="col">Exocorps</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{SCOPE_SHORT[widest(c.scopes)]}</td>
                <td>
                  {c.companies === null ? <span className="muted">All</span> : c.companies.map((x) => x.name).join(', ') || '—'}
                </td>
                <td>
                  <span className="copyable">
                    <code>{c.tokenPrefix}…</code>
                    <CopyButton text={c.tokenPrefix} what={`token prefix of ${c.name}`} />
                  </span>
                </td>
                <td>
                  <RelativeTime iso={c.createdAt} />
                </td>
                <td>
                  <RelativeTime iso={c.lastUsedAt} fallback="Never" />
                </td>
                <td>
                  {c.status === 'revoked' ? (
                    <span className="badge">
                      Revoked <RelativeTime iso={c.revokedAt} fallback="" />
                    </span>
                  ) : (
                    <Button
                      size="sm"
                      variant="danger"
                      aria-label={`Revoke ${c.name}`}
                      onClick={() => {
                        revoke.reset()
                        setDone(null)
                        setConfirming(c)
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirming ? (
        <Dialog
          open
          onOpenChange={(o) => {
            if (!o) setConfirming(null)
          }}
          title={`Revoke ${confirming.name}?`}
          description="The agent loses access at once; any call with its token is refused from now on. This cannot be undone — to reconnect, the agent must ask again."
        >
          <ErrorMessage error={revoke.error} title="Not revoked." />
          <div className="dialog-actions">
            <Button variant="ghost" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={revoke.isPending}
              onClick={() =>
                revoke.mutate(confirming.id, {
                  onSuccess: (client) => {
                    setConfirming(null)
                    setDone(`${client.name} was revoked.`)
                  },
                })
              }
            >
              Revoke token
            </Button>
          </div>
        </Dialog>
      ) : null}
    </>
  )
}
