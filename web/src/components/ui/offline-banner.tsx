import { onlineManager } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { useCommonText } from '@/lib/i18n/common-text'

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
  const { t } = useCommonText()
  if (useOnline()) return null
  return (
    <p role="alert" className="alert alert-warn offline-banner">
      <strong>{t('chrome.offline')}</strong> {t('chrome.offlineMore')}
    </p>
  )
}
