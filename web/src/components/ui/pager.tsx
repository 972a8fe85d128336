import { Button } from './button'

/** Cursor paging: "Newer" goes back through the cursors seen so far, "Older" follows nextCursor. */
export function Pager({
  label,
  canGoBack,
  nextCursor,
  onBack,
  onNext,
}: {
  label: string
  canGoBack: boolean
  nextCursor: string | null
  onBack: () => void
  onNext: (cursor: string) => void
}) {
  return (
    <nav className="row cursor-pager" aria-label={label}>
      <Button size="sm" onClick={onBack} disabled={!canGoBack}>
        Newer
      </Button>
      <Button size="sm" onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor}>
        Older
      </Button>
    </nav>
  )
}
