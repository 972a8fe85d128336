import * as DropdownMenu from '@radix-ui/react-dropdown-menu'
import { useNavigate } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { useSignOut } from '@/features/auth/api/sign-out'
import { useThemeStore, type ThemePreference } from '@/lib/theme'
import { paths } from '../paths'

export function UserMenu({ me }: { me: Me }) {
  const navigate = useNavigate()
  const signOut = useSignOut()
  const { theme, setTheme } = useThemeStore()
  const initials = me.user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase()

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="avatar-button" aria-label={`Account menu for ${me.user.name}`}>
        <span className="avatar" aria-hidden="true">
          {initials}
        </span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu-label">
            {me.user.name}
            <br />
            <span className="muted">{me.user.email}</span>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.profile())}>
            Profile
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.apiTokens())}>
            API tokens
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate(paths.billing())}>
            Billing
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Label className="menu-label">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={theme} onValueChange={(v) => setTheme(v as ThemePreference)}>
            {(['system', 'light', 'dark'] as const).map((t) => (
              <DropdownMenu.RadioItem key={t} value={t} className="menu-item">
                <DropdownMenu.ItemIndicator className="menu-check">✓</DropdownMenu.ItemIndicator>
                {t[0]!.toUpperCase() + t.slice(1)}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Item
            className="menu-item"
            onSelect={() => signOut.mutate(undefined, { onSettled: () => navigate(paths.signIn(), { replace: true }) })}
          >
            Log out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}
