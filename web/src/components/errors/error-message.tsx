import { errorMessage, isApiError } from '@/lib/api-client'

/** One way to show a failed request: the server's message, and the request id for support. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null
  const requestId = isApiError(error) ? error.requestId : undefined
  return (
    <div role="alert" className="alert alert-error">
      {title ? <strong>{title} </strong> : null}
      {errorMessage(error)}
      {requestId && isApiError(error) && error.status >= 500 ? <span className="muted"> (request {requestId})</span> : null}
    </div>
  )
}
