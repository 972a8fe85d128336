import { useLiveStatusStore } from '@/lib/live-status'
import { useCommonText } from '@/lib/i18n/common-text'

/** The top bar's small live / reconnecting / offline mark (nothing where there is no stream). */
export function LiveIndicator() {
  const status = useLiveStatusStore((s) => s.status)
  const { t } = useCommonText()
  if (status === 'off') return null
  return (
    <span className={`live-indicator live-${status}`} role="status" aria-live="polite" title={t(`chrome.live_${status}Title`)}>
      <span className="live-dot" aria-hidden="true" />
      {t(`chrome.live_${status}`)}
    </span>
  )
}
