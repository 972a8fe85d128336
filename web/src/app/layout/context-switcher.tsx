import * as DropdownMenu from '@radix-ui/react-dropdown-menu'
import { useQuery } from '@tanstack/react-query'
import { useLocation, useNavigate } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { companyQueries } from '@/features/companies/api/queries'
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
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="context-button" aria-label="Switch context">
        <span className="context-kind">{current.kind === 'admin' ? 'Admin' : openCompany ? 'Exocorp' : 'Fleet'}</span>
        <span>{openCompany?.name ?? current.label}</span>
        <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.dashboard())}>
            Your exocorps
          </DropdownMenu.Item>
          {companies.data?.items.length ? (
            <DropdownMenu.Group aria-label="Exocorps">
              {companies.data.items.map((c) => (
                <DropdownMenu.Item
                  key={c.id}
                  className="menu-item menu-item-indent"
                  onSelect={() => navigate(paths.company(c.id))}
                >
                  {c.name}
                </DropdownMenu.Item>
              ))}
            </DropdownMenu.Group>
          ) : null}
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.onboarding())}>
            Create exocorp
          </DropdownMenu.Item>
          {me.isAdmin ? (
            <>
              <DropdownMenu.Separator className="menu-separator" />
              <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.admin())}>
                Platform administration
              </DropdownMenu.Item>
            </>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}
