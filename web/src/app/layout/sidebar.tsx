import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import { NavLink, useLocation } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { companyQueries } from '@/features/companies/api/queries'
import { exocorpNav, FLEET_NAV } from './owner-nav'
import { useConsoleContext } from './use-console-context'
import { useCommonText } from '@/lib/i18n/common-text'

// The admin sections are admin code with their own message catalogs: a chunk of their own (decision 050).
const AdminNav = lazy(() => import('./admin-nav').then((m) => ({ default: m.AdminNav })))

export function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const context = useConsoleContext()
  const { t } = useCommonText()
  const me = useQuery(authQueries.me())
  const { pathname } = useLocation()
  const companyId = pathname.match(/^\/company\/([^/]+)/)?.[1]
  const id = companyId ? decodeURIComponent(companyId) : ''
  // The open exocorp itself, not a search through a list page (which holds 50 at most). The page
  // polls the same entry; this observer only reads it.
  const detail = useQuery({ ...companyQueries.detail(id), enabled: Boolean(companyId), refetchInterval: false })
  const company = companyId ? detail.data : undefined
  // An /admin address typed by a non-admin must not reveal the admin sections.
  const admin = context.kind === 'admin' && Boolean(me.data?.isAdmin)
  const groups = admin ? [] : company ? exocorpNav(company.id, company.name, company.role === 'owner') : FLEET_NAV
  return (
    <nav id="console-sections" className={`sidebar${open ? ' open' : ''}`} aria-label={t('chrome.sections')}>
      {admin ? (
        <Suspense fallback={null}>
          <AdminNav onNavigate={onNavigate} />
        </Suspense>
      ) : null}
      {groups.map((group) => (
        <div key={group.label} className="nav-group">
          <p className="nav-group-label">{group.label}</p>
          <ul>
            {group.items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false} onClick={onNavigate} className="nav-link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  )
}
