import { useQuery } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import type { Me } from '@exocorp/shared/auth'
import { useSignOut } from '@/features/auth/api/sign-out'
import { teamQueries } from '@/features/teams/api/queries'
import { useOnboardingStore } from '@/features/onboarding/stores/onboarding-store'
import { Menu, MenuGroup, MenuItem, MenuLabel, MenuRadioItem, MenuSeparator } from '@/components/ui/menu'
import { useThemeStore, type ThemePreference } from '@/lib/theme'
import { LOCALE_NAMES, LOCALES, useLocaleStore } from '@/lib/locale'
import { useCommonText } from '@/lib/i18n/common-text'
import { paths } from '../paths'

export function UserMenu({ me }: { me: Me }) {
  const navigate = useNavigate()
  const signOut = useSignOut()
  const { t } = useCommonText()
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
      label={t('chrome.accountMenu', { name: me.user.name })}
      triggerClassName="avatar-button"
      trigger={
        <>
          <span className="avatar">{initials}</span>
          {pending > 0 ? (
            <span className="menu-badge" aria-label={t('chrome.invitations', { count: pending })}>
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
      <MenuItem onSelect={() => navigate(paths.profile())}>{t('chrome.profile')}</MenuItem>
      <MenuItem onSelect={() => navigate(paths.devices())}>{t('chrome.devices')}</MenuItem>
      <MenuItem onSelect={() => navigate(paths.apiTokens())}>{t('chrome.apiTokens')}</MenuItem>
      <MenuItem onSelect={() => navigate(paths.invites())}>
        {t('chrome.invites')}
        {pending > 0 ? ` (${pending})` : ''}
      </MenuItem>
      <MenuItem onSelect={() => navigate(paths.billing())}>{t('chrome.billing')}</MenuItem>
      <MenuSeparator />
      <MenuLabel>{t('chrome.theme')}</MenuLabel>
      <MenuGroup label={t('chrome.theme')}>
        {(['system', 'light', 'dark'] as const).map((p: ThemePreference) => (
          <MenuRadioItem key={p} checked={theme === p} onSelect={() => setTheme(p)}>
            {t(`chrome.theme_${p}`)}
          </MenuRadioItem>
        ))}
      </MenuGroup>
      <MenuSeparator />
      {/* Each language in its own name, so a person who cannot read the current one finds theirs. */}
      <MenuLabel>{t('chrome.language')}</MenuLabel>
      <MenuGroup label={t('chrome.language')}>
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
        {t('chrome.logOut')}
      </MenuItem>
    </Menu>
  )
}
