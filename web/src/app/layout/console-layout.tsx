import { useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useLayoutEffect, useState } from 'react'
import { Link, Outlet, useMatch, useNavigate } from 'react-router'
import type { Notification } from '@exocorp/shared/notifications'
import { authQueries } from '@/features/auth/api/queries'
import { OfflineBanner } from '@/components/ui/offline-banner'
import { LiveIndicator } from '@/features/live/live-indicator'
import { NotificationBell } from '@/features/notifications/components/notification-bell'
import { Toaster } from '@/components/ui/toast'
import { usePageTitleStore } from '@/lib/page-title'
import { useChosenLocale, useLocaleStore } from '@/lib/locale'
import { CommonTextProvider, useShellText } from '@/lib/i18n/common-text'
import { useGateShellText } from '@/lib/i18n/gate-text'
import { liveEnabled, useLiveSync } from '../live-sync'
import { paths } from '../paths'
import { ContextSwitcher } from './context-switcher'
import { Sidebar } from './sidebar'
import { UserMenu } from './user-menu'

// Feedback is sent now and then, from any page: its dialog and schemas stay out of the first route.
const FeedbackButton = lazy(() =>
  import('@/features/feedback/components/feedback-button').then((m) => ({ default: m.FeedbackButton })),
)
// Platform broadcasts (decision 043) load after the first route, in their own chunk.
const BroadcastBanners = lazy(() =>
  import('@/features/broadcasts/components/broadcast-banners').then((m) => ({ default: m.BroadcastBanners })),
)

/** Where a notification leads: the invite list, the billing page, or the exocorp it is about. */
function notificationHref(n: Notification): string {
  if (n.kind === 'invite_received') return paths.invites()
  if (n.kind === 'credential_revoked') return paths.credentials()
  if (n.kind === 'webhook_disabled') return paths.webhooks()
  // A budget alert leads to the budgets, where the owner raises one (the status hero says the rest).
  if (n.kind === 'billing_state' || n.kind === 'budget' || n.companyId === null) return paths.billing()
  return paths.company(n.companyId)
}

/** Seed 004's Console: top bar (title left; context switcher and user menu right), sidebar, main area. */
export function ConsoleLayout() {
  const me = useQuery(authQueries.me())
  const title = usePageTitleStore((s) => s.title)
  const [navOpen, setNavOpen] = useState(false)
  const navigate = useNavigate()
  // Admin screens set the words of everything around them while they show (decision 050); on
  // /admin, until the admin chunk has mounted, the gate's handful in the chosen language (064).
  const onAdmin = useMatch(`${paths.admin()}/*`) !== null && me.data?.isAdmin === true
  const text = useGateShellText(useShellText(), useChosenLocale(onAdmin ? (me.data?.user.id ?? null) : null))
  const t = text.t
  // One event stream per tab while signed in (decision 030); polling covers the gaps.
  useLiveSync(useQueryClient(), liveEnabled() && Boolean(me.data))
  // The language is each person's own (decision 050): pick up theirs once we know who is signed in.
  const userId = me.data?.user.id ?? null
  const locale = useLocaleStore((s) => s.locale)
  // Before paint, so the first frame of a screen (the admin gate's words included) is already in it.
  useLayoutEffect(() => {
    useLocaleStore.getState().forUser(userId)
  }, [userId])
  useEffect(() => {
    document.documentElement.lang = locale ?? 'en'
  }, [locale])
  if (!me.data) return null
  return (
    <CommonTextProvider value={text}>
      <div className="console">
        <a href="#main" className="skip-link">
          {t('chrome.skip')}
        </a>
        <header className="topbar">
          <button
            type="button"
            className="nav-toggle"
            aria-label={t('chrome.navMenu')}
            aria-controls="console-sections"
            aria-expanded={navOpen}
            onClick={() => setNavOpen((v) => !v)}
          >
            ☰
          </button>
          <Link to={paths.dashboard()} className="brand" aria-label={t('chrome.home')}>
            <img src="/favicon.svg" alt="" width={24} height={24} />
          </Link>
          <h1 className="page-title">{title}</h1>
          <div className="topbar-right">
            <LiveIndicator />
            {me.data.via === 'session' ? (
              <Suspense fallback={null}>
                <FeedbackButton />
              </Suspense>
            ) : null}
            {me.data.via === 'session' ? <NotificationBell onOpen={(n) => navigate(notificationHref(n))} /> : null}
            <ContextSwitcher me={me.data} />
            <UserMenu me={me.data} />
          </div>
        </header>
        <Sidebar open={navOpen} onNavigate={() => setNavOpen(false)} />
        <main id="main" className="main" tabIndex={-1}>
          <OfflineBanner />
          <Suspense fallback={null}>
            <BroadcastBanners />
          </Suspense>
          {/* Dates and numbers are formatted while rendering: a new language redraws the page. */}
          <Outlet key={locale ?? 'default'} />
        </main>
        <Toaster />
      </div>
    </CommonTextProvider>
  )
}
