import { onlineManager } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'

function useOnline() {
  return useSyncExternalStore(
    (onChange) => onlineManager.subscribe(onChange),
    () => onlineManager.isOnline(),
    () => true,
  )
}

/**
 * Says when the browser is offline: data may be stale, and actions are not sent (never queued).
 * An alert, so it is announced the moment the connection drops.
 */
export function OfflineBanner() {
  if (useOnline()) return null
  return (
    <p role="alert" className="alert alert-warn offline-banner">
      <strong>You are offline.</strong> What you see may be out of date, and actions are not sent until the connection is back.
    </p>
  )
}
