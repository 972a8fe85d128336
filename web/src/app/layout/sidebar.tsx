import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import { NavLink, useLocation } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { companyQueries } from '@/features/companies/api/queries'
import { paths } from '../paths'
import { sectionsFor } from '../company-sections'
import { useConsoleContext } from './use-console-context'

// The admin sections are admin code with their own message catalogs: a chunk of their own (decision 050).
const AdminNav = lazy(() => import('./admin-nav').then((m) => ({ default: m.AdminNav })))

interface NavItem {
  to: string
  label: string
  end?: boolean
}
interface NavGroup {
  label: string
  items: NavItem[]
}

const FLEET_NAV: NavGroup[] = [
  {
    label: 'Fleet',
    items: [
      { to: paths.dashboard(), label: 'Dashboard', end: true },
      { to: paths.onboarding(), label: 'Launch exocorp' },
      { to: paths.credentials(), label: 'Provider credentials' },
    ],
  },
  {
    label: 'Account',
    items: [
      { to: paths.profile(), label: 'Profile' },
      { to: paths.devices(), label: 'Devices' },
      { to: paths.invites(), label: 'Pending invites' },
      { to: paths.billing(), label: 'Billing' },
      { to: paths.usage(), label: 'Usage' },
      { to: paths.apiTokens(), label: 'API tokens' },
      { to: paths.webhooks(), label: 'Webhooks' },
    ],
  },
]

/** In an exocorp's context the sidebar shows that exocorp's sections (seed 004), then the way back. */
function exocorpNav(id: string, name: string, isOwner: boolean): NavGroup[] {
  return [
    {
      label: name,
      items: sectionsFor(isOwner).map((s) =>
        s.tab === undefined
          ? { to: paths.company(id), label: s.label, end: true }
          : { to: paths.company(id, s.tab), label: s.label },
      ),
    },
    FLEET_NAV[0]!,
  ]
}

export function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const context = useConsoleContext()
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
    <nav id="console-sections" className={`sidebar${open ? ' open' : ''}`} aria-label="Sections">
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
