import { useQuery } from '@tanstack/react-query'
import { useLocation, useNavigate } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { companyQueries } from '@/features/companies/api/queries'
import { Menu, MenuGroup, MenuItem, MenuSeparator } from '@/components/ui/menu'
import { paths } from '../paths'
import { useConsoleContext } from './use-console-context'

/** Seed 004: lists your exocorps, Platform administration for admins, and Create exocorp. */
export function ContextSwitcher({ me }: { me: Me }) {
  const navigate = useNavigate()
  const current = useConsoleContext()
  const { pathname } = useLocation()
  const companies = useQuery(companyQueries.list())
  const openId = pathname.match(/^\/company\/([^/]+)/)?.[1]
  const openCompany = openId ? companies.data?.items.find((c) => c.id === decodeURIComponent(openId)) : undefined
  return (
    <Menu
      label="Switch context"
      triggerClassName="context-button"
      trigger={
        <>
          <span className="context-kind">{current.kind === 'admin' ? 'Admin' : openCompany ? 'Exocorp' : 'Fleet'}</span>
          <span className="context-label">{openCompany?.name ?? current.label}</span>
          <span aria-hidden="true">▾</span>
        </>
      }
    >
      <MenuItem onSelect={() => navigate(paths.dashboard())}>Your exocorps</MenuItem>
      {companies.data?.items.length ? (
        <MenuGroup label="Exocorps">
          {companies.data.items.map((c) => (
            <MenuItem key={c.id} className="menu-item-indent" onSelect={() => navigate(paths.company(c.id))}>
              {c.name}
            </MenuItem>
          ))}
        </MenuGroup>
      ) : null}
      <MenuItem onSelect={() => navigate(paths.onboarding())}>Create exocorp</MenuItem>
      {me.isAdmin ? (
        <>
          <MenuSeparator />
          <MenuItem onSelect={() => navigate(paths.admin())}>Platform administration</MenuItem>
        </>
      ) : null}
    </Menu>
  )
}
