import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { AdminCommercePanel, type AdminCommerceView } from '@/features/admin-commerce/admin-commerce-panel'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

/** `/admin/commerce`: every runtime's store, stale ones flagged; the filters and page live in the URL. */
export function AdminCommercePage() {
  const { t } = useTranslation()
  usePageTitle(t('commerce.title'))
  const [params, setParams] = useSearchParams()
  const view: AdminCommerceView = {
    staleOnly: params.get('stale') === 'true',
    q: params.get('q') ?? '',
    cursor: params.get('cursor') ?? undefined,
  }
  // The cursors walked through since the filters last changed, so Previous can step back.
  const [history, setHistory] = useState<string[]>([])
  const onView = (next: Partial<AdminCommerceView>) => {
    if ('cursor' in next && Object.keys(next).length === 1) {
      const cursor = next.cursor
      if (cursor && cursor !== view.cursor) setHistory((h) => [...h, cursor])
      else setHistory((h) => h.slice(0, -1))
    } else setHistory([])
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev)
        const set = (k: string, v: string | undefined) => (v ? out.set(k, v) : out.delete(k))
        if ('staleOnly' in next) set('stale', next.staleOnly ? 'true' : undefined)
        if ('q' in next) set('q', next.q)
        if ('cursor' in next) set('cursor', next.cursor)
        return out
      },
      { replace: true },
    )
  }
  return <AdminCommercePanel view={view} onView={onView} cursorHistory={history} companyHref={(id) => paths.adminCompany(id)} />
}
