import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { adminUsagePreset, type AdminUsageGroup, type AdminUsageSort } from '@exocorp/shared/admin-usage'
import { AdminModelsPanel, AdminUsagePanel, type AdminUsageView } from '@/features/admin-usage/admin-usage-panel'
import { usePageTitle } from '@/lib/page-title'

const GROUPS: readonly AdminUsageGroup[] = ['account', 'company', 'model', 'day']
const SORTS: readonly AdminUsageSort[] = ['cost', 'tokens', 'events', 'errors', 'name']
const pick = <T extends string>(all: readonly T[], v: string | null, fallback: T): T => all.find((x) => x === v) ?? fallback

/** `/admin/usage`: platform usage and spend review; range, grouping, sort and page live in the URL. */
export function AdminUsagePage() {
  const { t } = useTranslation()
  usePageTitle(t('usage.title'))
  const [params, setParams] = useSearchParams()
  const today = new Date().toISOString().slice(0, 10)
  // This month so far by default, like a billing period: one read of the monthly rollup (decision 057).
  const thisMonth = adminUsagePreset('thisMonth', today)
  const view: AdminUsageView = {
    from: params.get('from') ?? thisMonth.from,
    to: params.get('to') ?? thisMonth.to,
    by: pick(GROUPS, params.get('by'), 'account'),
    sort: pick(SORTS, params.get('sort'), 'cost'),
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    cursor: params.get('cursor') ?? undefined,
  }
  // The cursors walked through since the query last changed, so Previous can step back.
  const [history, setHistory] = useState<string[]>([])
  const onView = (next: Partial<AdminUsageView>) => {
    if ('cursor' in next && Object.keys(next).length === 1) {
      const cursor = next.cursor
      if (cursor && cursor !== view.cursor) setHistory((h) => [...h, cursor])
      else setHistory((h) => h.slice(0, -1))
    } else setHistory([])
    // Only what changed is written: a value left out of the URL means its default.
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev)
        for (const [k, v] of Object.entries(next)) {
          if (v) out.set(k, String(v))
          else out.delete(k)
        }
        return out
      },
      { replace: true },
    )
  }
  return <AdminUsagePanel view={view} onView={onView} cursorHistory={history} today={today} />
}

/** `/admin/models`: the model catalog with prices, usage, error rate and credential coverage. */
export function AdminModelsPage() {
  const { t } = useTranslation()
  usePageTitle(t('models.title'))
  return <AdminModelsPanel />
}
