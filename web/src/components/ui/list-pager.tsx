import { Button } from '@/components/ui/button'

/** Cursor paging: previous, page number, next. */
export function ListPager({
  page,
  hasPrevious,
  nextCursor,
  onPrevious,
  onNext,
  busy,
}: {
  page: number
  hasPrevious: boolean
  nextCursor: string | null
  onPrevious: () => void
  onNext: (cursor: string) => void
  busy?: boolean
}) {
  if (!hasPrevious && !nextCursor) return null
  return (
    <nav className="pager" aria-label="Pages">
      <Button size="sm" disabled={!hasPrevious || busy} onClick={onPrevious}>
        Previous page
      </Button>
      <span className="muted">Page {page}</span>
      <Button size="sm" disabled={!nextCursor || busy} onClick={() => nextCursor && onNext(nextCursor)}>
        Next page
      </Button>
    </nav>
  )
}
