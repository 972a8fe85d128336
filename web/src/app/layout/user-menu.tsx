import { useQuery } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { useSignOut } from '@/features/auth/api/sign-out'
import { teamQueries } from '@/features/teams/api/queries'
import { useOnboardingStore } from '@/features/onboarding/stores/onboarding-store'
import { Menu, MenuGroup, MenuItem, MenuLabel, MenuRadioItem, MenuSeparator } from '@/components/ui/menu'
import { useThemeStore, type ThemePreference } from '@/lib/theme'
import { LOCALE_NAMES, LOCALES, useLocaleStore } from '@/lib/locale'
import { paths } from '../paths'

export function UserMenu({ me }: { me: Me }) {
  const navigate = useNavigate()
  const signOut = useSignOut()
  const { theme, setTheme } = useThemeStore()
  const locale = useLocaleStore((s) => s.locale ?? 'en')
  const setLocale = useLocaleStore((s) => s.setLocale)
  const invites = useQuery({ ...teamQueries.mine(), enabled: me.via === 'session' })
  const pending = invites.data?.items.length ?? 0
  const initials = me.user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase()

  return (
    <Menu
      label={`Account menu for ${me.user.name}`}
      triggerClassName="avatar-button"
      trigger={
        <>
          <span className="avatar">{initials}</span>
          {pending > 0 ? (
            <span className="menu-badge" aria-label={`${pending} pending invitation${pending === 1 ? '' : 's'}`}>
              {pending}
            </span>
          ) : null}
        </>
      }
    >
      <MenuLabel>
        {me.user.name}
        <br />
        <span className="muted">{me.user.email}</span>
      </MenuLabel>
      <MenuSeparator />
      <MenuItem onSelect={() => navigate(paths.profile())}>Profile</MenuItem>
      <MenuItem onSelect={() => navigate(paths.devices())}>Devices</MenuItem>
      <MenuItem onSelect={() => navigate(paths.apiTokens())}>API tokens</MenuItem>
      <MenuItem onSelect={() => navigate(paths.invites())}>Pending invites{pending > 0 ? ` (${pending})` : ''}</MenuItem>
      <MenuItem onSelect={() => navigate(paths.billing())}>Billing</MenuItem>
      <MenuSeparator />
      <MenuLabel>Theme</MenuLabel>
      <MenuGroup label="Theme">
        {(['system', 'light', 'dark'] as const).map((t: ThemePreference) => (
          <MenuRadioItem key={t} checked={theme === t} onSelect={() => setTheme(t)}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </MenuRadioItem>
        ))}
      </MenuGroup>
      <MenuSeparator />
      {/* Each language in its own name, so a person who cannot read the current one finds theirs. */}
      <MenuLabel>Language</MenuLabel>
      <MenuGroup label="Language">
        {LOCALES.map((l) => (
          <MenuRadioItem key={l} checked={locale === l} onSelect={() => setLocale(l)}>
            <span lang={l}>{LOCALE_NAMES[l]}</span>
          </MenuRadioItem>
        ))}
      </MenuGroup>
      <MenuSeparator />
      <MenuItem
        onSelect={() => {
          // Half-finished onboarding belongs to this person, not to whoever signs in next on this browser.
          useOnboardingStore.getState().reset()
          signOut.mutate(undefined, { onSettled: () => navigate(paths.signIn(), { replace: true }) })
        }}
      >
        Log out
      </MenuItem>
    </Menu>
  )
}
