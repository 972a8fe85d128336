import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { errorMessage, isApiError } from '@/lib/api-client'
import { useEnqueueWorkload } from '../api/runners'
import { workloadQueries } from '../api/queries'

/**
 * Queued workloads of an exocorp (owners, decision 053): "Run on a runner" queues one; an idle
 * enrolled runner claims it, and it leaves this list for Activity → Workloads, placed on that runner.
 */
export function WorkloadQueuePanel({ companyId }: { companyId: string }) {
  const queue = useQuery(workloadQueries.queue(companyId))
  const enqueue = useEnqueueWorkload(companyId)
  const [agent, setAgent] = useState('')
  const [title, setTitle] = useState('')
  const fields = isApiError(enqueue.error) ? enqueue.error.fieldErrors : {}
  const submit = (e: FormEvent) => {
    e.preventDefault()
    enqueue.mutate(
      { agent, title },
      {
        onSuccess: () => {
          setAgent('')
          setTitle('')
        },
      },
    )
  }
  return (
    <section className="card stack" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Queued workloads</h2>
      <p className="muted">
        A queued workload runs on the next enrolled runner of this exocorp with nothing else to run. Without one it waits here.
      </p>
      <form className="row wrap" onSubmit={submit}>
        <label>
          Agent <input value={agent} onChange={(e) => setAgent(e.target.value)} required maxLength={100} />
        </label>
        <label>
          Title <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={enqueue.isPending}>
          Run on a runner
        </button>
      </form>
      {enqueue.isError ? <p role="alert">{fields.agent?.[0] ?? fields.title?.[0] ?? errorMessage(enqueue.error)}</p> : null}
      {queue.isPending ? (
        <Skeleton label="Loading queued workloads" />
      ) : queue.isError ? (
        <ErrorMessage error={queue.error} />
      ) : queue.data.items.length === 0 ? (
        <p className="muted">Nothing queued.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label="Queued workloads">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">Queued</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((w) => (
                <tr key={w.id}>
                  <td>{w.agent}</td>
                  <td>{w.title}</td>
                  <td>
                    <span className="badge">{w.status}</span>
                  </td>
                  <td>{new Date(w.queuedAt).toLocaleTimeString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
