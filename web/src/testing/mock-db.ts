import type { ConnectorEvent, ConnectorSecret } from '@exocorp/shared/connector-events'
import type { StoreSnapshotInput } from '@exocorp/shared/commerce'
import type { AuditEvent } from '@exocorp/shared/audit'
import type { Me, PlatformRole } from '@exocorp/shared/auth'
import type { PriceBook } from '@exocorp/shared/configuration'
import type { Notification } from '@exocorp/shared/notifications'
import type { CustomDomain } from '@exocorp/shared/domains'
import type { DeploymentTarget } from '@exocorp/shared/deployments'
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@exocorp/shared/webhooks'
import type { QueuedWorkload, Runner, Workload } from '@exocorp/shared/workloads'
import { seedBilling, type MockBilling } from './mock-billing'
import { seedFleet, seedFleetAudit, type MockFleet } from './mock-fleet'
import { seedOperatorClients, type MockOperatorClients } from './mock-operator-clients'
import { seedOps, type MockOps } from './mock-ops'
import { seedTeams, type MockTeams } from './mock-teams'
import { seedCommerce } from './mock-commerce'

/**
 * The mocked backend's state: one in-memory store the msw handlers share, reset per test.
 * It mimics the BFF's observable behaviour, not its internals.
 */
export interface MockUser {
  id: string
  email: string
  name: string
  password: string
  role: PlatformRole
  createdAt: string
}

export interface MockDb {
  users: MockUser[]
  sessionUserId: string | null
  reauthenticatedAt: string | null
  /** The mock session was opened with a recovery code (Me.mustSetPassword). */
  mustSetPassword: boolean
  /** Recovery codes spent in sign-ins (the mock's kit has ten, MOCK-CODE-0000 … 0009). */
  usedRecoveryCodes: string[]
  /** The recovery kit the mock session was shown and has not confirmed saving. */
  pendingRecoveryKit: string[] | null
  audit: AuditEvent[]
  /** Exocorps, jobs, bindings and provider secrets (see mock-fleet.ts). */
  fleet: MockFleet
  /** Billing accounts, ledger and provider events (see mock-billing.ts). */
  billing: MockBilling
  /** Agents waiting for approval and approved operator clients (see mock-operator-clients.ts). */
  operatorClients: MockOperatorClients
  /** Members, invitations and sessions (see mock-teams.ts). */
  teams: MockTeams
  /** Feedback/probe triage and rollout flags (see mock-ops.ts). */
  ops: MockOps
  /** Notifications per user (decision 037), newest last. */
  notifications: Array<Notification & { userId: string }>
  /** Workloads and runners per exocorp (decision 037). */
  workloads: Array<Workload & { companyId: string }>
  runners: Array<Runner & { companyId: string }>
  /** Workloads queued for a runner (decision 053), oldest first. */
  workloadQueue: Array<QueuedWorkload & { companyId: string }>
  /** Price book versions, newest last; one is active (decision 028). */
  priceBooks: PriceBook[]
  /** Custom domains per exocorp (decision 042), and the DNS the mock's checks see (name → records). */
  customDomains: Array<CustomDomain & { companyId: string; token: string }>
  dns: Map<string, { txt?: string[]; cname?: string; a?: string[] }>
  /** Outgoing webhooks per user (decision 046), and their deliveries with the attempts. */
  webhooks: Array<WebhookEndpoint & { userId: string }>
  webhookDeliveries: Array<WebhookDelivery & { log: WebhookAttempt[] }>
  /** Inbound deliveries (decision 047), as GET /api/admin/connector-events shows them. */
  connectorEvents: ConnectorEvent[]
  /** Connector signing secrets per exocorp (decisions 047, 056), with the secret in clear for the mock's own checks. */
  connectorSecrets: Array<ConnectorSecret & { companyId: string; secret: string }>
  /** Deployment targets as stored (decision 054; load and placeability are derived), and where each exocorp runs. */
  deploymentTargets: Array<Omit<DeploymentTarget, 'placed' | 'running' | 'placeable' | 'notPlaceableReason'>>
  placements: Map<string, string>
  /** Store snapshots runtimes reported (decision 055): the newest per store, when it arrived. */
  commerce: Array<{ companyId: string; snapshot: StoreSnapshotInput; receivedAt: string }>
}

export const MOCK_PASSWORD = 'demo-owner-pass'

function seed(): MockDb {
  const createdAt = '2026-01-05T09:00:00.000Z'
  return {
    users: [
      { id: 'u-owner', email: 'owner@demo.exocorp.dev', name: 'Olive Owner', password: MOCK_PASSWORD, role: 'user', createdAt },
      {
        id: 'u-admin',
        email: 'admin@demo.exocorp.dev',
        name: 'Ada Admin',
        password: 'demo-admin-pass',
        role: 'platform_owner',
        createdAt,
      },
    ],
    sessionUserId: null,
    reauthenticatedAt: null,
    mustSetPassword: false,
    usedRecoveryCodes: [],
    pendingRecoveryKit: null,
    audit: seedFleetAudit(),
    fleet: seedFleet(),
    billing: seedBilling(),
    operatorClients: seedOperatorClients(),
    teams: seedTeams(),
    ops: seedOps(),
    notifications: [
      {
        userId: 'u-owner',
        id: '1',
        kind: 'billing_state',
        companyId: null,
        title: 'Your billing account is now current',
        createdAt,
        readAt: createdAt,
      },
    ],
    workloads: [],
    runners: [],
    workloadQueue: [],
    priceBooks: [
      {
        id: 'pb-v1',
        version: 1,
        active: true,
        models: {
          'gpt-4o': { inputMicrosPerMTok: 2_500_000, outputMicrosPerMTok: 10_000_000 },
          'claude-sonnet-4': { inputMicrosPerMTok: 3_000_000, outputMicrosPerMTok: 15_000_000 },
        },
        default: { inputMicrosPerMTok: 3_000_000, outputMicrosPerMTok: 15_000_000 },
        createdAt,
        activatedAt: createdAt,
      },
    ],
    customDomains: [],
    dns: new Map(),
    webhooks: [],
    webhookDeliveries: [],
    connectorEvents: [],
    connectorSecrets: [],
    deploymentTargets: [
      {
        id: 'local',
        name: 'local',
        driver: 'local',
        config: { driver: 'local', dataSubdir: null, minFreeDiskMb: 64 },
        routingMode: 'subdomain',
        isolationMode: 'shared',
        state: 'active',
        capacity: 1000,
        defaultHosts: [],
        hosts: ['*.portal.localhost:8787', '*.app.localhost:8787'],
        schemaVersion: '0036_deployment_targets',
        health: 'healthy',
        healthReason: null,
        healthCheckedAt: createdAt,
        checks: [{ name: 'data dir', ok: true, detail: 'writable' }],
        createdAt,
        updatedAt: createdAt,
      },
      {
        id: 't-edge',
        name: 'edge',
        driver: 'local',
        config: { driver: 'local', dataSubdir: 'edge', minFreeDiskMb: 64 },
        routingMode: 'path',
        isolationMode: 'shared',
        state: 'active',
        capacity: 5,
        defaultHosts: ['*.edge.example.net'],
        hosts: ['*.edge.example.net'],
        schemaVersion: '0036_deployment_targets',
        health: 'unhealthy',
        healthReason: 'free disk: only 12 MB free (needs 64 MB)',
        healthCheckedAt: createdAt,
        checks: [{ name: 'free disk', ok: false, detail: 'only 12 MB free (needs 64 MB)' }],
        createdAt,
        updatedAt: createdAt,
      },
    ],
    placements: new Map(),
    commerce: seedCommerce(),
  }
}

/** Adds a notification as the BFF's triggers would (the mock's state changes call this). */
export function addNotification(
  n: Omit<Notification, 'id' | 'createdAt' | 'readAt'> & { userId: string },
): Notification & { userId: string } {
  const id = String(Math.max(0, ...db.notifications.map((x) => Number(x.id))) + 1)
  const row = { ...n, id, createdAt: new Date().toISOString(), readAt: null }
  db.notifications.push(row)
  return row
}

export let db: MockDb = seed()

export function resetMockDb(options: { signedInAs?: string } = {}) {
  db = seed()
  if (options.signedInAs) db.sessionUserId = db.users.find((u) => u.email === options.signedInAs)?.id ?? null
}

export function currentUser(): MockUser | null {
  return db.users.find((u) => u.id === db.sessionUserId) ?? null
}

export function toMe(user: MockUser): Me {
  const roles: PlatformRole[] =
    user.role === 'platform_owner' ? ['user', 'admin', 'platform_owner'] : user.role === 'admin' ? ['user', 'admin'] : ['user']
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt },
    roles,
    isPlatformOwner: user.role === 'platform_owner',
    isAdmin: user.role !== 'user',
    reauthenticatedAt: db.reauthenticatedAt,
    via: 'session',
    mustSetPassword: db.mustSetPassword,
    ...(db.mustSetPassword ? { recoveryCodesRemaining: 10 - db.usedRecoveryCodes.length } : {}),
  }
}

export function addAudit(event: Omit<AuditEvent, 'id' | 'at' | 'requestId' | 'details'> & { details?: Record<string, unknown> }) {
  db.audit.unshift({ id: crypto.randomUUID(), at: new Date().toISOString(), requestId: null, details: {}, ...event })
}
