import { isApiError } from '@/lib/api-client'
import { useCommonText } from '@/lib/i18n/common-text'

/**
 * One way to show a failed request: the server's message (in the admin console, its code's message
 * in the chosen language), and the request id for support.
 */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  const text = useCommonText()
  if (!error) return null
  const requestId = isApiError(error) ? error.requestId : undefined
  return (
    <div role="alert" className="alert alert-error">
      {title ? <strong>{title} </strong> : null}
      {text.error(error)}
      {requestId && isApiError(error) && error.status >= 500 ? (
        <span className="muted"> {text.t('states.requestId', { id: requestId })}</span>
      ) : null}
    </div>
  )
}
