import * as DropdownMenu from '@radix-ui/react-dropdown-menu'
import { useNavigate } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { paths } from '../paths'
import { useConsoleContext } from './use-console-context'

/** Seed 004: lists your exocorps, Platform administration for admins, and Create exocorp. */
export function ContextSwitcher({ me }: { me: Me }) {
  const navigate = useNavigate()
  const current = useConsoleContext()
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="context-button" aria-label="Switch context">
        <span className="context-kind">{current.kind === 'admin' ? 'Admin' : 'Fleet'}</span>
        <span>{current.label}</span>
        <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.dashboard())}>
            Your exocorps
          </DropdownMenu.Item>
          {me.isAdmin ? (
            <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.admin())}>
              Platform administration
            </DropdownMenu.Item>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}
