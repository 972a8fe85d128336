import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { errorMessage } from '@/lib/api-client'
import { useCreateRunner, useRevokeRunner } from '../api/runners'
import { workloadQueries } from '../api/queries'

/** Runners of an exocorp (owners): create an enrollment, see it flip pending → enrolled live, revoke. */
export function RunnersPanel({ companyId, serverUrl }: { companyId: string; serverUrl: string }) {
  const list = useQuery(workloadQueries.runners(companyId))
  const create = useCreateRunner(companyId)
  const revoke = useRevokeRunner(companyId)
  const [name, setName] = useState('')
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate(name, {
      onSuccess: (r) => {
        setIssued({ name: r.runner.name, token: r.enrollmentToken })
        setName('')
      },
    })
  }
  return (
    <section className="card stack" aria-labelledby="runners-heading">
      <h2 id="runners-heading">Runners</h2>
      <form className="row wrap" onSubmit={submit}>
        <label>
          Runner name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create enrollment
        </button>
      </form>
      {create.isError ? <p role="alert">{errorMessage(create.error)}</p> : null}
      {issued ? (
        <div role="status" className="alert alert-info">
          <p>
            Run this on the machine for <strong>{issued.name}</strong>. The token is shown only now and works once:
          </p>
          <pre className="mono">{`pnpm exocorp runner --server ${serverUrl} --token ${issued.token}`}</pre>
        </div>
      ) : null}
      {list.isPending ? (
        <Skeleton label="Loading runners" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No runners yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label="Runners">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Host</th>
                <th scope="col">Last heartbeat</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>
                    <span className={`badge runner-${r.status}`}>{r.status}</span>
                  </td>
                  <td>{r.hostname ?? '—'}</td>
                  <td>{r.lastHeartbeatAt ? new Date(r.lastHeartbeatAt).toLocaleTimeString() : '—'}</td>
                  <td>
                    {r.status === 'revoked' ? null : (
                      <button type="button" className="btn" onClick={() => revoke.mutate(r.id)} aria-label={`Revoke ${r.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
