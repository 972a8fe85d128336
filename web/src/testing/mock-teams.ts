import type { DeviceSession } from '@exocorp/shared/account'
import type { Invitation, MembershipRole } from '@exocorp/shared/teams'

/**
 * Members, invitations and sessions of the mocked platform. Owners of the mocked exocorps are their
 * `ownerId` (mock-fleet.ts); these are the extra people and the pending invitations.
 */
export interface MockTeams {
  /** Extra memberships beyond each exocorp's owner. */
  memberships: Array<{ companyId: string; userId: string; role: MembershipRole; addedAt: string }>
  invitations: Array<Invitation & { companyId: string; token: string }>
  /** The signed-in user's sessions (the first is this browser). */
  sessions: DeviceSession[]
  /** Accounts a platform owner disabled. */
  disabledUserIds: string[]
}

export function seedTeams(): MockTeams {
  const at = '2026-01-10T09:00:00.000Z'
  return {
    memberships: [],
    disabledUserIds: [],
    invitations: [],
    sessions: [
      {
        id: 's-this',
        browser: 'Chrome 131',
        os: 'macOS',
        ip: '127.0.0.1',
        createdAt: at,
        lastSeenAt: new Date().toISOString(),
        current: true,
      },
      { id: 's-phone', browser: 'Safari 17', os: 'iOS 17', ip: '10.0.0.7', createdAt: at, lastSeenAt: at, current: false },
    ],
  }
}
