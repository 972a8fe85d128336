import type { ApprovalView, OperatorClient } from '@exocorp/shared/operator-clients'

/** Agents waiting for approval (by user code) and the approved ones with their tokens. */
export interface MockOperatorClients {
  drafts: { view: ApprovalView; decidedBy: string | null }[]
  clients: (OperatorClient & { userId: string })[]
}

export function seedOperatorClients(): MockOperatorClients {
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
  return {
    drafts: [
      {
        view: {
          name: 'Claude Code on my laptop',
          scopes: ['registry:read', 'registry:write'],
          userCode: 'ABCD-2345',
          requestedAt: inMinutes(-1),
          expiresAt: inMinutes(9),
          status: 'pending',
          requestedFromIp: '203.0.113.7',
          companyIds: null,
        },
        decidedBy: null,
      },
      {
        view: {
          name: 'Nightly report script',
          scopes: ['registry:read'],
          userCode: 'WXYZ-6789',
          requestedAt: inMinutes(-30),
          expiresAt: inMinutes(-20),
          status: 'expired',
          requestedFromIp: null,
          companyIds: null,
        },
        decidedBy: null,
      },
    ],
    clients: [
      {
        id: 'oc-cursor',
        userId: 'u-owner',
        name: 'Cursor agent',
        scopes: ['registry:read', 'registry:write'],
        tokenPrefix: 'exo_oc_7Hq2',
        createdAt: '2026-11-02T10:00:00.000Z',
        lastUsedAt: '2026-11-20T16:30:00.000Z',
        revokedAt: null,
        status: 'active',
        companies: null,
      },
      {
        id: 'oc-ci',
        userId: 'u-owner',
        name: 'CI status check',
        scopes: ['registry:read'],
        tokenPrefix: 'exo_oc_p0Lx',
        createdAt: '2026-10-12T10:00:00.000Z',
        lastUsedAt: null,
        revokedAt: null,
        status: 'active',
        companies: [{ id: 'c-acme', name: 'Acme Research' }],
      },
      {
        id: 'oc-old',
        userId: 'u-owner',
        name: 'Old deploy script',
        scopes: ['registry:write'],
        tokenPrefix: 'exo_oc_Zz91',
        createdAt: '2026-09-01T10:00:00.000Z',
        lastUsedAt: '2026-09-03T10:00:00.000Z',
        revokedAt: '2026-09-10T10:00:00.000Z',
        status: 'revoked',
        companies: null,
      },
    ],
  }
}
