import { Button } from '@/components/ui/button'
import { useCommonText } from '@/lib/i18n/common-text'

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
  const { t } = useCommonText()
  if (!hasPrevious && !nextCursor) return null
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <Button size="sm" disabled={!hasPrevious || busy} onClick={onPrevious}>
        {t('pager.previous')}
      </Button>
      <span className="muted">{t('pager.page', { page })}</span>
      <Button size="sm" disabled={!nextCursor || busy} onClick={() => nextCursor && onNext(nextCursor)}>
        {t('pager.next')}
      </Button>
    </nav>
  )
}
