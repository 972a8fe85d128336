import { useEffect, useId, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { Dialog } from '@/components/ui/dialog'
import { useCommonText } from '@/lib/i18n/common-text'
import { addEnglish } from '@/lib/i18n/common-translate'
import { topbarEn } from '@/lib/i18n/topbar-en'
import { companyQueries } from '../api/queries'
import { StatusBadge } from './status-badge'

addEnglish({ topbar: topbarEn })

const RESULTS = 10
const DEBOUNCE_MS = 250

/** Waits until typing pauses, so each keystroke does not become a request. */
function useDebounced<T>(value: T, ms: number) {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return settled
}

/**
 * Search-as-you-type over `my-companies` (the server filters by name or slug and answers one
 * page): the switcher's way to any exocorp in a fleet too large to list in a menu.
 */
export function FindExocorpDialog({
  open,
  onOpenChange,
  hrefFor,
  allHref,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  hrefFor: (id: string) => string
  allHref: (q: string) => string
}) {
  const [q, setQ] = useState('')
  const term = useDebounced(q.trim(), DEBOUNCE_MS)
  const results = useQuery(companyQueries.list({ q: term || undefined, sort: 'name', order: 'asc', limit: RESULTS }))
  const inputId = useId()
  const close = () => onOpenChange(false)
  const { t, error } = useCommonText()
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('topbar.findTitle')}>
      <div className="stack">
        <div className="field">
          <label htmlFor={inputId}>{t('topbar.nameOrSlug')}</label>
          <input id={inputId} type="search" autoComplete="off" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        {results.isPending ? (
          <p className="muted">{t('topbar.searching')}</p>
        ) : results.isError ? (
          <p role="alert">{t('topbar.searchFailed', { error: error(results.error) })}</p>
        ) : results.data.items.length === 0 ? (
          <p role="status">{t('topbar.noMatch', { term })}</p>
        ) : (
          <>
            <ul className="find-results" aria-label={t('topbar.matches')} aria-busy={results.isPlaceholderData}>
              {results.data.items.map((c) => (
                <li key={c.id} className="row spread">
                  <Link to={hrefFor(c.id)} onClick={close}>
                    {c.name}
                  </Link>
                  <StatusBadge status={c.status} />
                </li>
              ))}
            </ul>
            {results.data.nextCursor ? (
              <p className="muted small">
                {t('topbar.moreMatch')}{' '}
                <Link to={allHref(term)} onClick={close}>
                  {t('topbar.seeAll')}
                </Link>
              </p>
            ) : null}
          </>
        )}
      </div>
    </Dialog>
  )
}
