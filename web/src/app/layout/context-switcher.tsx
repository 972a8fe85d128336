import { lazy, Suspense, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useLocation, useNavigate } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { companyQueries } from '@/features/companies/api/queries'
import { Menu, MenuGroup, MenuItem, MenuSeparator } from '@/components/ui/menu'
import { useCommonText } from '@/lib/i18n/common-text'
import { paths } from '../paths'
import { useConsoleContext } from './use-console-context'

// The search dialog (Radix Dialog and all) loads only when someone opens it.
const FindExocorpDialog = lazy(() =>
  import('@/features/companies/components/find-exocorp-dialog').then((m) => ({ default: m.FindExocorpDialog })),
)

/** The exocorps the menu lists directly; the rest are one search away. */
export const SWITCHER_RECENT = 8
const RECENT_QUERY = { sort: 'updatedAt', order: 'desc', limit: SWITCHER_RECENT } as const

/**
 * Seed 004: the most recently updated exocorps, a search over all of them (the list pages, so a
 * large fleet is never fetched whole), Platform administration for admins, and Create exocorp.
 */
export function ContextSwitcher({ me }: { me: Me }) {
  const navigate = useNavigate()
  const current = useConsoleContext()
  const { t } = useCommonText()
  const { pathname } = useLocation()
  const [finding, setFinding] = useState(false)
  const companies = useQuery(companyQueries.list(RECENT_QUERY))
  // Seed 004: the switcher lists the exocorps you own; shared ones are on the dashboard.
  const owned = companies.data?.items.filter((c) => c.role === 'owner') ?? []
  const openId = pathname.match(/^\/company\/([^/]+)/)?.[1]
  const id = openId ? decodeURIComponent(openId) : ''
  // The page polls this entry; the switcher only reads the open exocorp's name from it.
  const open = useQuery({ ...companyQueries.detail(id), enabled: Boolean(openId), refetchInterval: false })
  const openCompany = openId ? open.data : undefined
  const more = Boolean(companies.data?.nextCursor)
  return (
    <>
      <Menu
        label={t('chrome.switchContext')}
        triggerClassName="context-button"
        trigger={
          <>
            <span className="context-kind">
              {t(current.kind === 'admin' ? 'chrome.kind_admin' : openCompany ? 'chrome.kind_exocorp' : 'chrome.kind_fleet')}
            </span>
            <span className="context-label">
              {openCompany?.name ?? t(current.kind === 'admin' ? 'chrome.admin' : 'chrome.yourExocorps')}
            </span>
            <span aria-hidden="true">▾</span>
          </>
        }
      >
        <MenuItem onSelect={() => navigate(paths.dashboard())}>{t('chrome.yourExocorps')}</MenuItem>
        {owned.length ? (
          <MenuGroup label={t(more ? 'chrome.recent' : 'chrome.exocorps')}>
            {owned.map((c) => (
              <MenuItem key={c.id} className="menu-item-indent" onSelect={() => navigate(paths.company(c.id))}>
                {c.name}
              </MenuItem>
            ))}
          </MenuGroup>
        ) : null}
        {more ? <MenuItem onSelect={() => setFinding(true)}>{t('chrome.find')}</MenuItem> : null}
        <MenuItem onSelect={() => navigate(paths.onboarding())}>{t('chrome.create')}</MenuItem>
        {me.isAdmin ? (
          <>
            <MenuSeparator />
            <MenuItem onSelect={() => navigate(paths.admin())}>{t('chrome.admin')}</MenuItem>
          </>
        ) : null}
      </Menu>
      {finding ? (
        <Suspense fallback={null}>
          <FindExocorpDialog
            open={finding}
            onOpenChange={setFinding}
            hrefFor={(companyId) => paths.company(companyId)}
            allHref={(q) => paths.dashboardSearch(q)}
          />
        </Suspense>
      ) : null}
    </>
  )
}
