import { formatAbsolute, formatRelative } from '@/lib/format'

/** "3 min ago", with the exact time (in the reader's locale) on hover and for assistive tech. */
export function RelativeTime({ iso, fallback = '—' }: { iso: string | null | undefined; fallback?: string }) {
  if (!iso) return <>{fallback}</>
  const exact = formatAbsolute(iso)
  return (
    <time dateTime={iso} title={exact} className="relative-time">
      {formatRelative(iso)}
    </time>
  )
}
