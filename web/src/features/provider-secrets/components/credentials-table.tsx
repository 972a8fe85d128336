import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { SecretValueSchema, type ProviderSecret } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { useDeleteProviderSecret } from '../api/delete-secret'
import { useRotateProviderSecret } from '../api/rotate-secret'
import { RelativeTime } from '@/components/ui/relative-time'

function RotateDialog({ secret, onClose }: { secret: ProviderSecret; onClose: () => void }) {
  const rotate = useRotateProviderSecret()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | undefined>()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const parsed = SecretValueSchema.safeParse(value)
    if (!parsed.success) return setError(parsed.error.issues[0]?.message)
    setError(undefined)
    rotate.mutate({ id: secret.id, value: parsed.data }, { onSuccess: onClose })
  }
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Rotate ${secret.label}`}
      description="Paste the new key. Exocorps using it pick it up on their next provision or restart."
    >
      <form onSubmit={submit} noValidate className="stack">
        <Field
          label="New API key"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={error}
        />
        <ErrorMessage error={rotate.error} />
        <div className="row dialog-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={rotate.isPending}>
            Rotate
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

function DeleteDialog({ secret, onClose }: { secret: ProviderSecret; onClose: () => void }) {
  const remove = useDeleteProviderSecret()
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Delete ${secret.label}?`}
      description={
        secret.usedBy.length
          ? `It is used by ${secret.usedBy.map((u) => u.name).join(', ')}. Unbind it there first.`
          : 'The key is erased. This cannot be undone.'
      }
    >
      <ErrorMessage error={remove.error} />
      <div className="row dialog-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate(secret.id, { onSuccess: onClose })}>
          Delete credential
        </Button>
      </div>
    </Dialog>
  )
}

/** Account-scoped provider credentials: last four only, and which exocorps use each. */
export function CredentialsTable({ secrets, companyHref }: { secrets: ProviderSecret[]; companyHref: (id: string) => string }) {
  const [rotating, setRotating] = useState<ProviderSecret | null>(null)
  const [deleting, setDeleting] = useState<ProviderSecret | null>(null)
  if (secrets.length === 0) return <p className="muted">No provider credentials yet. Add one below.</p>
  return (
    <>
      <div className="table-wrap" tabIndex={0}>
        <table className="table" aria-label="Provider credentials">
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Used by</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {secrets.map((s) => (
              <tr key={s.id}>
                <td>{s.provider}</td>
                <th scope="row">{s.label}</th>
                <td className="mono">•••• {s.last4}</td>
                <td>
                  {s.usedBy.length === 0 ? (
                    <span className="muted">Not used</span>
                  ) : (
                    s.usedBy.map((u, i) => (
                      <span key={u.companyId}>
                        {i > 0 ? ', ' : null}
                        <Link to={companyHref(u.companyId)}>{u.name}</Link>
                      </span>
                    ))
                  )}
                </td>
                <td>
                  <RelativeTime iso={s.updatedAt} />
                </td>
                <td>
                  <div className="row">
                    <Button size="sm" onClick={() => setRotating(s)} aria-label={`Rotate ${s.label}`}>
                      Rotate
                    </Button>
                    <Button size="sm" variant="danger" onClick={() => setDeleting(s)} aria-label={`Delete ${s.label}`}>
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rotating ? <RotateDialog secret={rotating} onClose={() => setRotating(null)} /> : null}
      {deleting ? <DeleteDialog secret={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  )
}
