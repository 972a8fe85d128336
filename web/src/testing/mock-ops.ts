import type { SignalGroup, SignalMember, TriageNote } from '@exocorp/shared/feedback'
import type { FlagChange, FlagSetting } from '@exocorp/shared/rollout'
import { type AdminNotification } from '@exocorp/shared/admin-notifications'
import { ADMIN_NOTICE_PARAMS, type NoticeMessage } from '@exocorp/shared/admin-notice-messages'
import type { SitePage, SitePageVersion } from '@exocorp/shared/site'

/** Feedback and probe groups and rollout flags of the mocked backend (issue 17). */
import type { Broadcast, CredentialRevocation, SkillDocument, SkillDocumentVersion } from '@exocorp/shared/platform-ops'

export interface MockOps {
  groups: Array<SignalGroup & { members: SignalMember[]; notes: TriageNote[] }>
  flagSettings: FlagSetting[]
  flagChanges: FlagChange[]
  /** Site CMS pages with their published versions (decision 042). */
  sitePages: Array<SitePage & { versions: SitePageVersion[] }>
  /** The admins' platform notifications queue (decision 041). */
  adminNotifications: AdminNotification[]
  /** Decision 043: broadcasts (with the mock's cancelled mark), newsletter opt-ins, skill documents, revocations. */
  broadcasts: Array<Broadcast & { cancelledAt: string | null }>
  newsletter: Record<string, string>
  skills: Array<SkillDocument & { versions: SkillDocumentVersion[] }>
  revocations: Array<CredentialRevocation & { secretId: string; ownerId: string }>
}

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 10, 29, 12, 0) - minutesAgo * 60_000).toISOString()

function probeGroup(
  id: string,
  probeClass: 'sql' | 'script',
  count: number,
  ip: string,
  sample: string,
): MockOps['groups'][number] {
  return {
    id,
    kind: 'probe',
    category: 'security_probe',
    severity: probeClass === 'sql' ? 'high' : 'medium',
    probeClass,
    state: 'open',
    title: `${probeClass} probe on POST /api/auth/login`,
    sourceLabel: `anonymous (${ip})`,
    endpoint: 'POST /api/auth/login',
    count,
    firstSeenAt: at(30),
    lastSeenAt: at(2),
    assignee: null,
    updatedAt: at(2),
    members: [
      {
        id: `${id}-m1`,
        at: at(2),
        kind: 'probe',
        text: sample,
        sourceLabel: `anonymous (${ip})`,
        endpoint: 'POST /api/auth/login',
        page: null,
        companySlug: null,
        userAgent: null,
        location: 'refused:email',
      },
    ],
    notes: [],
  }
}

function notice(
  id: string,
  kind: AdminNotification['kind'],
  severity: AdminNotification['severity'],
  title: string,
  minutesAgo: number,
  extra: Partial<AdminNotification> = {},
): AdminNotification {
  return {
    id,
    kind,
    severity,
    state: 'new',
    companyId: null,
    companySlug: null,
    title,
    detail: null,
    link: null,
    messageKey: null,
    messageParams: null,
    occurrences: 1,
    firstAt: at(minutesAgo + 30),
    lastAt: at(minutesAgo),
    stateChangedAt: null,
    stateChangedBy: null,
    ...extra,
  }
}

/**
 * A seed notice's key and facts, typed and checked by the key's own schema as the BFF's raisers
 * are (decision 063): a seed cannot leave out a fact its key's messages need.
 */
export function keyed(message: NoticeMessage): Pick<AdminNotification, 'messageKey' | 'messageParams'> {
  return { messageKey: message.key, messageParams: ADMIN_NOTICE_PARAMS[message.key].parse(message.params) }
}

export function seedOps(): MockOps {
  return {
    groups: [
      probeGroup('g-sql', 'sql', 500, '203.0.113.7', "x@example.com' OR '1'='1"),
      probeGroup('g-script', 'script', 3, '198.51.100.9', '<script>alert(1)</script>'),
      {
        id: 'g-feedback',
        kind: 'feedback',
        category: 'short_actionable',
        severity: 'medium',
        probeClass: null,
        state: 'open',
        title: 'The save button is broken on the agents page',
        sourceLabel: 'owner@demo.exocorp.dev',
        endpoint: null,
        count: 1,
        firstSeenAt: at(60),
        lastSeenAt: at(60),
        assignee: null,
        updatedAt: at(60),
        members: [
          {
            id: 'g-feedback-m1',
            at: at(60),
            kind: 'feedback',
            text: 'The save button is broken on the agents page',
            sourceLabel: 'owner@demo.exocorp.dev',
            endpoint: null,
            page: '/companies/c-northwind/agents',
            companySlug: 'northwind',
            userAgent: 'Chromium',
            location: null,
          },
        ],
        notes: [],
      },
    ],
    flagSettings: [],
    flagChanges: [],
    sitePages: [
      {
        id: 'sp-enterprise',
        slug: 'enterprise',
        title: 'Enterprise',
        description: 'Exocorps for large teams',
        body: '# Enterprise\n\nDedicated targets and custom domains.',
        status: 'published',
        publishedVersion: 1,
        hasUnpublishedChanges: false,
        publicPath: '/enterprise',
        createdAt: at(600),
        updatedAt: at(500),
        publishedAt: at(500),
        archivedAt: null,
        versions: [
          {
            version: 1,
            title: 'Enterprise',
            description: 'Exocorps for large teams',
            body: '# Enterprise\n\nDedicated targets and custom domains.',
            publishedAt: at(500),
            publishedBy: 'admin@demo.exocorp.dev',
            revertOf: null,
          },
        ],
      },
    ],
    // Keyed as the BFF keys them (decision 063), with the English it stores beside the key.
    adminNotifications: [
      notice('1', 'enterprise_inquiry', 'info', 'Enterprise inquiry from Globex', 45, {
        detail: 'Hank Scorpio <hank@globex.example> · 200 seats\n\nWe want a dedicated target.',
        ...keyed({
          key: 'enterprise_inquiry_seats',
          params: {
            company: 'Globex',
            name: 'Hank Scorpio',
            email: 'hank@globex.example',
            seats: 200,
            message: 'We want a dedicated target.',
          },
        }),
      }),
      notice('2', 'unreachable', 'critical', 'The runtime of Ghost Works is unreachable', 3, {
        companyId: 'c-ghost',
        companySlug: 'ghost-works',
        occurrences: 3,
        ...keyed({ key: 'runtime_unreachable', params: { exocorp: 'Ghost Works' } }),
      }),
      notice('3', 'job_failed', 'warning', 'The provision job of Broken Bots failed', 20, {
        companyId: 'c-broken',
        companySlug: 'broken-bots',
        detail: 'Health check timed out after 60 s',
        ...keyed({ key: 'job_failed', params: { action: 'provision', exocorp: 'Broken Bots' } }),
      }),
      notice('4', 'schedule_completed', 'info', 'Schedule “Inbox sweep” of Ada of Acme Research completed', 10, {
        companyId: 'c-acme',
        companySlug: 'acme-research',
        occurrences: 12,
        ...keyed({ key: 'schedule_completed_agent', params: { name: 'Inbox sweep', agent: 'Ada', exocorp: 'Acme Research' } }),
      }),
      notice('5', 'deployment_target', 'critical', 'Deployment target edge is unhealthy', 5, {
        detail:
          'free disk: only 12 MB free (needs 64 MB)\nNo new exocorp is placed there and nothing moves there until it is healthy again.',
        link: '/admin/deployments/t-edge',
        ...keyed({ key: 'target_unhealthy', params: { target: 'edge', reason: 'free disk: only 12 MB free (needs 64 MB)' } }),
      }),
    ],
    broadcasts: [],
    newsletter: {},
    skills: [
      {
        slug: 'refunds',
        title: 'Refunds',
        path: '/skills/refunds.md',
        currentVersion: 1,
        updatedAt: at(90),
        deletedAt: null,
        versions: [
          { version: 1, body: '# Refunds\n\nAsk a platform owner.', createdAt: at(90), createdBy: 'admin@demo.exocorp.dev' },
        ],
      },
    ],
    revocations: [],
  }
}
