import { paths } from '../paths'
import { sectionsFor } from '../company-sections'

/*
 * The owner's sidebar sections (English: owner screens are not localized yet, decision 050). On
 * /admin the sidebar shows the admin sections (admin-nav.tsx) instead, so none of these words is on
 * an admin screen.
 */

export interface NavItem {
  to: string
  label: string
  end?: boolean
}
export interface NavGroup {
  label: string
  items: NavItem[]
}

export const FLEET_NAV: NavGroup[] = [
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
export function exocorpNav(id: string, name: string, isOwner: boolean): NavGroup[] {
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
