import { useLiveStatusStore, type LiveStatus } from '@/lib/live-status'

const LABELS: Record<Exclude<LiveStatus, 'off'>, { text: string; title: string }> = {
  connecting: { text: 'Connecting', title: 'Opening the live connection; data is polled meanwhile' },
  live: { text: 'Live', title: 'Changes appear as they happen' },
  reconnecting: { text: 'Reconnecting', title: 'The live connection dropped; data is polled until it is back' },
  offline: { text: 'Offline', title: 'No live connection; data is polled. Reload the page to retry' },
}

/** The top bar's small live / reconnecting / offline mark (nothing where there is no stream). */
export function LiveIndicator() {
  const status = useLiveStatusStore((s) => s.status)
  if (status === 'off') return null
  const { text, title } = LABELS[status]
  return (
    <span className={`live-indicator live-${status}`} role="status" aria-live="polite" title={title}>
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  )
}
