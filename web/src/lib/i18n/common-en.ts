import type { bulkEn } from './bulk-en'
import type { copyEn, stepUpEn } from './dialogs-en'
import type { topbarEn } from './topbar-en'

/**
 * The words of the shared pieces every screen borrows (pager, toasts, loading and not-found states,
 * lifecycle labels, what a failed request says) and of the console around them (`chrome`: top bar,
 * user menu, context switcher, sidebar, offline banner), in English (decision 050, amendment of 2026-11-30). This module ships with the owner's first
 * route, so it holds plain strings and nothing else: the admin catalog (`en.ts`) spreads it in, so
 * the keys and their English are one source, and every other language translates them with the rest
 * of the admin catalog (lazily). See `common-text.tsx` for how a shared piece reads them.
 */
export const commonEn = {
  status: {
    draft: 'Draft',
    provisioning: 'Provisioning',
    starting: 'Starting',
    running: 'Running',
    paused: 'Paused',
    stopped: 'Stopped',
    failed: 'Failed',
    destroyed: 'Destroyed',
  },
  action: {
    provision: 'Provision',
    update: 'Update',
    restart: 'Restart',
    pause: 'Pause',
    resume: 'Resume',
    stop: 'Stop',
    reprovision: 'Reprovision',
    rollback: 'Roll back',
    destroy: 'Destroy',
  },
  pager: {
    label: 'Pages',
    previous: 'Previous page',
    page: 'Page {{page}}',
    next: 'Next page',
  },
  toast: {
    undo: 'Undo',
    close: 'Close toast',
    region: 'Notifications',
  },
  states: {
    loading: 'Loading',
    notFoundTitle: 'Page not found',
    notFound: 'There is nothing at this address. It may have moved, or the link may be mistyped.',
    backToDashboard: 'Back to your dashboard',
    requestId: '(request {{id}})',
    chartFailed: 'The chart could not load; the table below has the same figures.',
  },
  /** What the client itself says when there is no answer from the server to show. */
  network: {
    badAnswer: 'The server sent an answer this app does not understand.',
    offline: 'You are offline, so nothing was sent. Try again once you are back online.',
    unreachable: 'Could not reach the server. Check your connection and try again.',
    answered: 'The server answered {{status}}',
  },
  /** The console around every screen (top bar, user menu, context switcher, sidebar, offline banner). */
  chrome: {
    skip: 'Skip to content',
    navMenu: 'Navigation menu',
    home: 'Exocorp home',
    sections: 'Sections',
    offline: 'You are offline.',
    offlineMore: 'What you see may be out of date, and actions are not sent until the connection is back.',
    accountMenu: 'Account menu for {{name}}',
    invitations_one: '{{count}} pending invitation',
    invitations_other: '{{count}} pending invitations',
    profile: 'Profile',
    devices: 'Devices',
    apiTokens: 'API tokens',
    invites: 'Pending invites',
    billing: 'Billing',
    theme: 'Theme',
    theme_system: 'System',
    theme_light: 'Light',
    theme_dark: 'Dark',
    language: 'Language',
    logOut: 'Log out',
    switchContext: 'Switch context',
    kind_admin: 'Admin',
    kind_exocorp: 'Exocorp',
    kind_fleet: 'Fleet',
    yourExocorps: 'Your exocorps',
    recent: 'Recently updated',
    exocorps: 'Exocorps',
    find: 'Find an exocorp…',
    create: 'Create exocorp',
    admin: 'Platform administration',
    notifications: 'Notifications',
    unread: 'Notifications, {{count}} unread',
    nothingYet: 'Nothing yet',
    unreadItem: 'Unread: ',
    markAllRead: 'Mark all read',
    live_connecting: 'Connecting',
    live_connectingTitle: 'Opening the live connection; data is polled meanwhile',
    live_live: 'Live',
    live_liveTitle: 'Changes appear as they happen',
    live_reconnecting: 'Reconnecting',
    live_reconnectingTitle: 'The live connection dropped; data is polled until it is back',
    live_offline: 'Offline',
    live_offlineTitle: 'No live connection; data is polled. Reload the page to retry',
  },
}

/** With the parts lazy shared pieces bring along (`bulk-en.ts`, `topbar-en.ts`, `dialogs-en.ts`), as the admin catalog has them. */
export type CommonCatalog = typeof commonEn & {
  bulk: typeof bulkEn
  topbar: typeof topbarEn
  copy: typeof copyEn
  stepUp: typeof stepUpEn
}
