import { z } from 'zod/mini'
import type { $ZodType } from 'zod/v4/core'
import {
  ChangePasswordInputSchema,
  ChangePasswordResultSchema,
  DeviceSessionListSchema,
  RecoveryKitInputSchema,
  RecoveryKitSchema,
  PendingRecoveryKitSchema,
  RecoveryKitSavedSchema,
  SessionPathSchema,
  SignedOutSchema,
  UpdateProfileInputSchema,
} from './account'
import {
  AdminUserDetailSchema,
  AdminUserPageSchema,
  AdminUserQuerySchema,
  AdminUserRowSchema,
  SetUserRoleInputSchema,
  UserPathSchema,
  UserSessionPathSchema,
} from './admin-users'
import { AuditPageSchema, AuditQuerySchema } from './audit'
import {
  BulkTriageInputSchema,
  BulkTriageResultSchema,
  FeedbackInputSchema,
  FeedbackQuerySchema,
  FeedbackReceiptSchema,
  SecuritySummarySchema,
  SignalGroupDetailSchema,
  SignalGroupPageSchema,
  SignalGroupPathSchema,
  SignalGroupSchema,
  TriageNoteInputSchema,
  TriageNoteSchema,
  UpdateSignalGroupInputSchema,
} from './feedback'
import {
  AdminNotificationListSchema,
  CreateSitePageInputSchema,
  EmptyActionInputSchema,
  EnterpriseInquiryInputSchema,
  EnterpriseInquiryReceiptSchema,
  RevertSitePageInputSchema,
  SitePageDetailSchema,
  SitePageListSchema,
  SitePagePathSchema,
  SitePageSchema,
  UpdateSitePageInputSchema,
} from './site'
import {
  FlagChangePageSchema,
  FlagChangePathSchema,
  FlagChangeSchema,
  FlagHistoryQuerySchema,
  FlagOverviewSchema,
  ResolvedFlagsPageSchema,
  ResolvedFlagsQuerySchema,
  RevertFlagInputSchema,
  RuntimeFlagsSchema,
  SetFlagInputSchema,
} from './rollout'
import {
  MeSchema,
  LoginInputSchema,
  ReauthenticateInputSchema,
  ReauthenticateResultSchema,
  SignupInputSchema,
  SignupResultSchema,
} from './auth'
import {
  AdjustmentInputSchema,
  AdjustmentResultSchema,
  BillingAccountDetailSchema,
  BillingAccountPageSchema,
  BillingAccountQuerySchema,
  BillingAccountSchema,
  BillingEvaluationSchema,
  BudgetInputSchema,
  BudgetListSchema,
  BudgetSchema,
  CheckoutInputSchema,
  CheckoutResultSchema,
  CheckoutSessionSchema,
  CollectionsPageSchema,
  GracePolicyInputSchema,
  LedgerQuerySchema,
  OwnerBillingSchema,
  ProviderEventPageSchema,
  ProviderEventQuerySchema,
  ProviderWebhookBodySchema,
  ReceiptListSchema,
  RefundInputSchema,
  WebhookAckSchema,
} from './billing'
import {
  ActionInputSchema,
  ActionResultSchema,
  AdminActionResultSchema,
  AdminCompanyDetailSchema,
  AdminCompanyPageSchema,
  AdminCompanyQuerySchema,
  AdminRuntimeSchema,
  BindInputSchema,
  BindingListSchema,
  CompanyDetailSchema,
  CompanyListSchema,
  ConfirmInputSchema,
  CreateCompanyInputSchema,
  CreateProviderSecretInputSchema,
  DashboardSummarySchema,
  MyCompanyQuerySchema,
  DraftSchema,
  ExecutionProvidersStateSchema,
  JobSchema,
  ManifestSchema,
  ProviderSecretListSchema,
  ProviderSecretSchema,
  ReleaseCatalogSchema,
  ReleaseQuerySchema,
  ReleaseSchema,
  ReportUsageEventInputSchema,
  RotateProviderSecretInputSchema,
  RuntimeStatsSchema,
  SaveDraftInputSchema,
  SlugAvailabilitySchema,
  UpdateCompanyInputSchema,
  UpdateHandshakeSchema,
  UsageEventSchema,
  UsagePageSchema,
  UsageQuerySchema,
  DeploymentListSchema,
  DeploymentQuerySchema,
} from './companies'
import {
  AgentDetailSchema,
  AgentMutationResultSchema,
  AgentPageSchema,
  AgentPathSchema,
  AgentQuerySchema,
  BulkActionInputSchema,
  BulkActionResultSchema,
  CreateAgentInputSchema,
  DeleteAgentQuerySchema,
  DraftDiffSchema,
  DuplicateAgentInputSchema,
  ModelCatalogSchema,
  PriceBookListSchema,
  PriceBookSchema,
  PublishPriceBookInputSchema,
  UpdateAgentInputSchema,
} from './configuration'
import { ServerMessageSchema } from './events'
import { LifecycleRefusalReasonSchema } from './lifecycle'
import { OpenApiDocumentSchema } from './openapi'
import {
  ApproveInputSchema,
  ApprovalViewSchema,
  CreateDraftInputSchema,
  DraftResultSchema,
  OperatorClientListSchema,
  OperatorClientSchema,
  RedeemApprovedSchema,
  RedeemInputSchema,
  RedeemPendingSchema,
  REDEEM_ERROR_CODES,
  UserCodeSchema,
} from './operator-clients'
import { PageLimitSchema } from './pagination'
import { PortalHandoffQuerySchema } from './portal'
import {
  AcceptInvitationTokenInputSchema,
  CreateInvitationInputSchema,
  InvitationListSchema,
  InvitationPathSchema,
  InvitationResponseSchema,
  InvitationSchema,
  IssuedInvitationSchema,
  MemberListSchema,
  MemberPathSchema,
  MemberSchema,
  MyInvitationListSchema,
  MyInvitationPathSchema,
  TransferOwnershipInputSchema,
  UpdateMemberInputSchema,
} from './teams'
import { LogDownloadQuerySchema, LogPageSchema, LogQuerySchema, RuntimeLogAcceptedSchema, RuntimeLogInputSchema } from './logs'
import {
  CreateRunnerInputSchema,
  EnrolledRunnerSchema,
  EnrollRunnerInputSchema,
  IssuedRunnerSchema,
  ReportWorkloadInputSchema,
  RunnerHeartbeatSchema,
  RunnerListSchema,
  RunnerPathSchema,
  RunnerSchema,
  WorkloadListSchema,
  WorkloadQuerySchema,
  WorkloadSchema,
} from './workloads'
import { MarkedReadSchema, NotificationListSchema, NotificationPathSchema } from './notifications'
import { API, type Endpoint, type HttpMethod } from './api-paths'
import { ADMIN_API } from './api-paths-admin'

/**
 * Every operation of the public HTTP API under /api, in one table: method, path, who may call it,
 * what it takes and what it answers, all with the contract's own schemas. The OpenAPI document
 * (openapi-document.ts, served at GET /api/openapi.json) is generated from this table, and the
 * BFF's test compares it with the Hono app's route list, so a route without an entry here fails
 * (decision 025). Routes keep their own validators; this table only describes them.
 */

export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

type ApiPath = `/api/${string}`

const METHODS: Record<HttpMethod, ApiMethod> = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' }

/**
 * An operation's method and OpenAPI path from the endpoint table (api-paths.ts, api-paths-admin.ts):
 * `POST /api/registry/companies/:id/stop` → `post` and `/api/registry/companies/{id}/stop`.
 */
export function endpointOf(endpoint: Endpoint): { method: ApiMethod; path: ApiPath } {
  const method = METHODS[endpoint.method]
  const path = endpoint.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
  if (!isApiPath(path)) throw new Error(`${endpoint.path} is not under /api`)
  return { method, path }
}

function isApiPath(path: string): path is ApiPath {
  return path.startsWith('/api/')
}

/**
 * Who may call an operation:
 * - `public`: anyone, no credentials;
 * - `user`: a signed-in browser session, or a coding agent's bearer token (operator client) acting
 *   as its human — reads need `registry:read`, writes `registry:write`;
 * - `session`: a browser session only (agents are refused with 403);
 * - `admin` / `platform_owner`: a browser session of someone with at least that role; mutations
 *   under /api/admin also need the password re-entered within 10 minutes (`reauth_required`);
 * - `runtime_token`: an exocorp runtime's own usage token;
 * - `webhook_signature`: a payment provider's signed delivery.
 */
export type ApiAccess = 'public' | 'user' | 'session' | 'admin' | 'platform_owner' | 'runtime_token' | 'webhook_signature'

/** The areas of the API, in the order the reference shows them. */
export const API_TAGS = [
  { name: 'Exocorps', description: 'Create exocorps, read them, change their settings and run lifecycle actions.' },
  {
    name: 'Members',
    description: 'Owners and members of an exocorp, and the invitations that add people (owner-only).',
  },
  { name: 'Configuration', description: 'An exocorp’s draft, credential bindings, update handshake and manifest.' },
  { name: 'Releases', description: 'The release catalog an exocorp installs from.' },
  { name: 'Credentials', description: 'Write-only provider credentials of the signed-in account.' },
  { name: 'Usage and billing', description: 'Usage events, the owner’s billing account and fleet rollups.' },
  { name: 'Audit', description: 'The audit trail of your exocorps and of your coding agents.' },
  {
    name: 'Account',
    description: 'Sign up, sign in, sign out and step up; your profile, password, recovery kit, devices and pending invitations.',
  },
  { name: 'Agents', description: 'Connect a coding agent (operator client) and manage its bearer token.' },
  { name: 'Runtime', description: 'Called by exocorp runtimes, and the driver’s capacity.' },
  { name: 'Webhooks', description: 'Signed deliveries from payment providers.' },
  { name: 'Admin: exocorps', description: 'The whole fleet, for admins and platform owners.' },
  { name: 'Admin: users', description: 'Every account: roles, sign-in state, sessions and tokens.' },
  { name: 'Admin: billing', description: 'Billing accounts, ledgers, grace policies and collections.' },
  { name: 'Admin: audit', description: 'The whole audit trail and its exports.' },
  {
    name: 'Admin: runtime',
    description: 'Rollout controls: agent-loop and product flags by scope, effective values per exocorp, history and revert.',
  },
  { name: 'Feedback', description: 'Feedback a signed-in person sends from the console.' },
  {
    name: 'Admin: site',
    description: 'The site CMS: public marketing pages with version history, and the admin notifications queue.',
  },
  { name: 'Site', description: "The public site: the Enterprise guide's inquiry form." },
  {
    name: 'Admin: feedback',
    description: 'Triage of user feedback and of the security probes the product records, grouped by burst and duplicate.',
  },
  { name: 'Live events', description: 'One WebSocket per tab carrying platform events as they happen (decision 030).' },
  { name: 'Service', description: 'Liveness, and this description of the API.' },
] as const

export type ApiTag = (typeof API_TAGS)[number]['name']

export interface ApiResponse {
  description: string
  /** The JSON body; absent for responses without one. */
  schema?: $ZodType
  /** Defaults to application/json. */
  contentType?: string
}

type ObjectSchema = $ZodType<unknown, Record<string, unknown>>

/** Error statuses (the envelope of errors.ts) an operation may answer beyond those its shape implies. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 426 | 429 | 503

export interface ApiOperation {
  /** Verb first, unique: the name generated clients give the call. */
  operationId: string
  method: ApiMethod
  /** OpenAPI template: `/api/registry/companies/{id}`. */
  path: `/api/${string}`
  tag: ApiTag
  summary: string
  description?: string
  access: ApiAccess
  params?: ObjectSchema
  query?: ObjectSchema
  body?: $ZodType
  /** The body may be left out (an empty body counts as `{}`). */
  bodyOptional?: boolean
  responses: Partial<Record<200 | 201 | 202 | 302, ApiResponse>>
  /** Answers with a weak ETag and 304 on a matching If-None-Match. */
  etag?: boolean
  /** Error statuses beyond those implied by access, input and path parameters, with what they mean here. */
  errors?: Partial<Record<ErrorStatus, string>>
}

/** `{ ok: true }` of the health check and sign-out. */
export const OkSchema = z.object({ ok: z.literal(true) })

/** Path parameters, as the routes validate them. */
export const IdPathSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(100)) })
export const UserCodePathSchema = z.object({ userCode: UserCodeSchema })
export const ProviderPathSchema = z.object({ provider: z.string().check(z.regex(/^[a-z0-9_-]{1,40}$/)) })
export const SlugQuerySchema = z.strictObject({ slug: z.string().check(z.maxLength(100)) })
export const LastEventIdQuerySchema = z.strictObject({ lastEventId: z.optional(z.string().check(z.regex(/^\d{1,15}$/))) })
export const CollectionsQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: PageLimitSchema,
})

const LIFECYCLE_REFUSAL = `Refused by the lifecycle rules: \`error.details.reason\` is one of ${LifecycleRefusalReasonSchema.options
  .map((r) => `\`${r}\``)
  .join(', ')}.`

const ACTION_ANSWERS = {
  200: { description: 'The action finished within the request (pause, resume, stop, destroy).', schema: ActionResultSchema },
  202: {
    description: 'A job was queued (provision, update, restart, reprovision, rollback); poll `jobs/current`.',
    schema: ActionResultSchema,
  },
} as const

function lifecycleAction(action: 'provision' | 'update' | 'restart' | 'stop', summary: string): ApiOperation {
  const destructive = action === 'stop'
  return {
    operationId: `${action}Company`,
    ...endpointOf(API.registry[action]),
    tag: 'Exocorps',
    summary,
    description: destructive ? 'Destructive: `confirm` must equal the exocorp’s slug.' : undefined,
    access: 'user',
    params: IdPathSchema,
    body: ConfirmInputSchema,
    bodyOptional: true,
    responses: destructive ? { 200: ACTION_ANSWERS[200] } : { 202: ACTION_ANSWERS[202] },
    errors: { 409: LIFECYCLE_REFUSAL },
  }
}

const AUDIT_EXPORT = (format: 'csv' | 'ndjson'): ApiOperation => ({
  operationId: format === 'csv' ? 'exportAuditEventsCsv' : 'exportAuditEventsNdjson',
  ...endpointOf(format === 'csv' ? ADMIN_API.auditExportCsv : ADMIN_API.auditExportNdjson),
  tag: 'Admin: audit',
  summary: `Export the filtered audit trail as ${format === 'csv' ? 'CSV' : 'NDJSON (one event per line)'}`,
  description: 'Streamed as an attachment; `cursor` and `limit` are ignored (the whole filtered trail is exported).',
  access: 'admin',
  query: AuditQuerySchema,
  responses: {
    200: {
      description: 'The export file.',
      contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      schema: z.string(),
    },
  },
})

export const API_OPERATIONS: readonly ApiOperation[] = [
  // Exocorps
  {
    operationId: 'listMyCompanies',
    ...endpointOf(API.registry.myCompanies),
    tag: 'Exocorps',
    summary: 'List the exocorps you own or are a member of',
    description: 'Filtered, sorted and cursor-paged like the admin list; follow `nextCursor` for the next page.',
    access: 'user',
    query: MyCompanyQuerySchema,
    etag: true,
    responses: { 200: { description: 'A page of your exocorps.', schema: CompanyListSchema } },
  },
  {
    operationId: 'checkSlugAvailability',
    ...endpointOf(API.registry.slugAvailability),
    tag: 'Exocorps',
    summary: 'Check whether a slug is free',
    access: 'user',
    query: SlugQuerySchema,
    responses: { 200: { description: 'Whether the slug can be used, and why not.', schema: SlugAvailabilitySchema } },
  },
  {
    operationId: 'createCompany',
    ...endpointOf(API.registry.createCompany),
    tag: 'Exocorps',
    summary: 'Create an exocorp (status `draft`)',
    access: 'user',
    body: CreateCompanyInputSchema,
    responses: { 201: { description: 'The new exocorp.', schema: CompanyDetailSchema } },
    errors: { 409: '`slug_taken`: another exocorp has this slug.' },
  },
  {
    operationId: 'getCompany',
    ...endpointOf(API.registry.company),
    tag: 'Exocorps',
    summary: 'Read one exocorp',
    description:
      'Includes `allowedActions` (with the reason an action is not possible now), `lastError`, `installedVersion` and `availableVersion`.',
    access: 'user',
    params: IdPathSchema,
    etag: true,
    responses: { 200: { description: 'The exocorp.', schema: CompanyDetailSchema } },
  },
  {
    operationId: 'updateCompanySettings',
    ...endpointOf(API.registry.updateCompany),
    tag: 'Exocorps',
    summary: 'Rename an exocorp or change its release channel',
    access: 'user',
    params: IdPathSchema,
    body: UpdateCompanyInputSchema,
    responses: { 200: { description: 'The updated exocorp.', schema: CompanyDetailSchema } },
  },
  lifecycleAction('provision', 'Provision an exocorp from its saved draft'),
  lifecycleAction('update', 'Update an exocorp to the newest release of its channel'),
  lifecycleAction('restart', 'Restart an exocorp’s runtime'),
  lifecycleAction('stop', 'Stop an exocorp’s runtime'),
  {
    operationId: 'runCompanyAction',
    ...endpointOf(API.registry.companyAction),
    tag: 'Exocorps',
    summary: 'Run any lifecycle action',
    description:
      'Destructive actions (stop, reprovision, rollback, destroy) need `confirm` equal to the slug. Immediate actions answer 200, job actions 202.',
    access: 'user',
    params: IdPathSchema,
    body: ActionInputSchema,
    responses: ACTION_ANSWERS,
    errors: { 409: LIFECYCLE_REFUSAL },
  },
  {
    operationId: 'getCurrentJob',
    ...endpointOf(API.registry.currentJob),
    tag: 'Exocorps',
    summary: 'Read the job in flight, or else the last one that ran',
    description: 'Poll this after a 202 until `status` is `succeeded` or `failed`; a failed phase carries a `note`.',
    access: 'user',
    params: IdPathSchema,
    etag: true,
    responses: { 200: { description: 'The job with its phases.', schema: JobSchema } },
    errors: { 404: 'No such exocorp, or no job has run for it yet.' },
  },
  {
    operationId: 'listDeployments',
    ...endpointOf(API.registry.deployments),
    tag: 'Exocorps',
    summary: 'List every job of an exocorp (its deployment history), newest first',
    description: 'Each job with who asked for it, when, how long it took and the timing of every phase; finished jobs are kept.',
    access: 'user',
    params: IdPathSchema,
    query: DeploymentQuerySchema,
    responses: { 200: { description: 'A page of jobs.', schema: DeploymentListSchema } },
    errors: { 404: 'No such exocorp visible to you.' },
  },

  // Members
  {
    operationId: 'listMembers',
    ...endpointOf(API.registry.members),
    tag: 'Members',
    summary: 'List the owners and members of an exocorp',
    description: 'Owner-only: a member gets 403, anyone else 404.',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'Owners first, then members, by when they joined.', schema: MemberListSchema } },
  },
  {
    operationId: 'updateMember',
    ...endpointOf(API.registry.updateMember),
    tag: 'Members',
    summary: 'Change a member’s role',
    access: 'user',
    params: MemberPathSchema,
    body: UpdateMemberInputSchema,
    responses: { 200: { description: 'The member with the new role.', schema: MemberSchema } },
    errors: {
      409: '`last_owner`: the last owner cannot be demoted; `primary_owner`: transfer ownership before demoting the primary owner.',
    },
  },
  {
    operationId: 'removeMember',
    ...endpointOf(API.registry.removeMember),
    tag: 'Members',
    summary: 'Remove someone from an exocorp',
    description: 'They lose access on their very next request.',
    access: 'user',
    params: MemberPathSchema,
    responses: { 200: { description: 'Removed.', schema: OkSchema } },
    errors: { 409: '`last_owner` or `primary_owner`: transfer ownership or make someone else an owner first.' },
  },
  {
    operationId: 'leaveCompany',
    ...endpointOf(API.registry.leaveCompany),
    tag: 'Members',
    summary: 'Leave an exocorp you are a member or owner of',
    description:
      'Any member may leave by themselves, in a browser session; access ends on the very next request. Someone who is not a member gets 404.',
    access: 'session',
    params: IdPathSchema,
    responses: { 200: { description: 'You left.', schema: OkSchema } },
    errors: {
      409: '`last_owner`: the last owner cannot leave (make someone else an owner first); `primary_owner`: the account the exocorp is billed to transfers ownership before leaving.',
    },
  },
  {
    operationId: 'transferOwnership',
    ...endpointOf(API.registry.transferOwnership),
    tag: 'Members',
    summary: 'Make another member the primary owner (the account the exocorp is billed to)',
    description:
      'Destructive: `confirm` must equal the slug. The new primary owner becomes an owner; bindings to the previous owner’s provider credentials are removed (credentials belong to one account).',
    access: 'user',
    params: IdPathSchema,
    body: TransferOwnershipInputSchema,
    responses: { 200: { description: 'The members after the transfer.', schema: MemberListSchema } },
    errors: { 409: '`already_primary_owner` or `account_disabled`.' },
  },
  {
    operationId: 'listInvitations',
    ...endpointOf(API.registry.invitations),
    tag: 'Members',
    summary: 'List an exocorp’s invitations, newest first',
    access: 'user',
    params: IdPathSchema,
    responses: {
      200: { description: 'Invitations with their status (pending, expired, accepted, …).', schema: InvitationListSchema },
    },
  },
  {
    operationId: 'listCompanyLogs',
    ...endpointOf(API.registry.logs),
    tag: 'Members',
    summary: 'Read an exocorp’s runtime and job log lines (owners)',
    description:
      'The newest 10,000 lines are kept. Without `after`, the newest `limit` lines; with it, the lines after that id (oldest first). New lines are pushed as `log.line` events over `GET /api/events`.',
    access: 'user',
    params: IdPathSchema,
    query: LogQuerySchema,
    responses: { 200: { description: 'Lines, oldest first.', schema: LogPageSchema } },
  },
  ...(['txt', 'ndjson'] as const).map((format): ApiOperation => ({
    operationId: format === 'txt' ? 'downloadCompanyLogsText' : 'downloadCompanyLogsNdjson',
    ...endpointOf(format === 'txt' ? API.registry.logsDownloadText : API.registry.logsDownloadNdjson),
    tag: 'Members',
    summary: `Download an exocorp’s whole retained log as ${format === 'txt' ? 'text' : 'NDJSON (one line object per line)'} (owners)`,
    description:
      'Every kept line (up to 10,000), oldest first, streamed as an attachment and ending at the newest line when the download started. Credentials were redacted before the lines were stored.',
    access: 'user',
    params: IdPathSchema,
    query: LogDownloadQuerySchema,
    responses: {
      200: {
        description: 'The log file.',
        contentType: format === 'txt' ? 'text/plain' : 'application/x-ndjson',
        schema: z.string(),
      },
    },
  })),
  {
    operationId: 'listWorkloads',
    ...endpointOf(API.registry.workloads),
    tag: 'Members',
    summary: 'List an exocorp’s workloads (members read)',
    description:
      'Keyset-paged: follow `nextCursor` with the same filters and sort. New ones and status changes are pushed as `workload.status` events over `GET /api/events`.',
    access: 'user',
    params: IdPathSchema,
    query: WorkloadQuerySchema,
    responses: { 200: { description: 'Workloads, sorted and filtered.', schema: WorkloadListSchema } },
  },
  {
    operationId: 'listRunners',
    ...endpointOf(API.registry.runners),
    tag: 'Members',
    summary: 'List an exocorp’s runners (owners)',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'Runners, newest first.', schema: RunnerListSchema } },
  },
  {
    operationId: 'createRunner',
    ...endpointOf(API.registry.createRunner),
    tag: 'Members',
    summary: 'Create a runner enrollment (owners); the one-time token is shown once',
    access: 'user',
    params: IdPathSchema,
    body: CreateRunnerInputSchema,
    responses: { 201: { description: 'Pending until the runner enrolls.', schema: IssuedRunnerSchema } },
  },
  {
    operationId: 'revokeRunner',
    ...endpointOf(API.registry.revokeRunner),
    tag: 'Members',
    summary: 'Revoke a runner (owners): its secret stops working',
    access: 'user',
    params: RunnerPathSchema,
    responses: { 200: { description: 'Revoked.', schema: RunnerSchema } },
  },
  {
    operationId: 'createInvitation',
    ...endpointOf(API.registry.createInvitation),
    tag: 'Members',
    summary: 'Invite someone by email, as owner or member',
    description:
      'The invitation lasts 7 days. `inviteUrl` holds the only copy of its token (the server keeps a hash): share it with the invitee, who also sees the invitation under Pending invites once signed in with that email.',
    access: 'user',
    params: IdPathSchema,
    body: CreateInvitationInputSchema,
    responses: { 201: { description: 'The invitation and its link, shown once.', schema: IssuedInvitationSchema } },
    errors: { 409: '`already_member`, or `already_invited` (resend the pending invitation instead).' },
  },
  {
    operationId: 'resendInvitation',
    ...endpointOf(API.registry.resendInvitation),
    tag: 'Members',
    summary: 'Issue a new link for a pending or expired invitation (7 more days; the old link stops working)',
    access: 'user',
    params: InvitationPathSchema,
    responses: { 200: { description: 'The invitation and its new link.', schema: IssuedInvitationSchema } },
    errors: { 409: 'The invitation was already accepted, declined or revoked.' },
  },
  {
    operationId: 'revokeInvitation',
    ...endpointOf(API.registry.revokeInvitation),
    tag: 'Members',
    summary: 'Revoke a pending invitation',
    access: 'user',
    params: InvitationPathSchema,
    responses: { 200: { description: 'The revoked invitation.', schema: InvitationSchema } },
    errors: { 409: 'The invitation was already accepted, declined or revoked.' },
  },

  // Configuration
  {
    operationId: 'getDraft',
    ...endpointOf(API.registry.draft),
    tag: 'Configuration',
    summary: 'Read the saved draft configuration',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'The draft and its version.', schema: DraftSchema } },
  },
  {
    operationId: 'saveDraft',
    ...endpointOf(API.registry.saveDraft),
    tag: 'Configuration',
    summary: 'Save the draft configuration',
    description: 'Name the version you edited in `baseVersion`; a stale one answers 409 `stale_draft` instead of losing work.',
    access: 'user',
    params: IdPathSchema,
    body: SaveDraftInputSchema,
    responses: { 200: { description: 'The saved draft with its new version.', schema: DraftSchema } },
    errors: { 409: '`stale_draft`: someone saved a newer version; read the draft again and reapply your change.' },
  },
  {
    operationId: 'listAgents',
    ...endpointOf(API.registry.agents),
    tag: 'Configuration',
    summary: 'List the agents of an exocorp’s draft',
    description:
      'Each agent carries its model’s provider, whether that provider has a credential bound (`credential`, with the one step that fixes it in `fix`) and how it compares with what runs (`deployment`).',
    access: 'user',
    params: IdPathSchema,
    query: AgentQuerySchema,
    responses: { 200: { description: 'A page of agents and the draft version they were read from.', schema: AgentPageSchema } },
  },
  {
    operationId: 'createAgent',
    ...endpointOf(API.registry.createAgent),
    tag: 'Configuration',
    summary: 'Add an agent to the draft',
    description: 'The model must be in the catalog; the agent’s provider joins the draft’s providers.',
    access: 'user',
    params: IdPathSchema,
    body: CreateAgentInputSchema,
    responses: { 201: { description: 'The new agent and the new draft version.', schema: AgentMutationResultSchema } },
    errors: { 409: '`stale_draft`: someone saved a newer version; read the draft again and reapply your change.' },
  },
  {
    operationId: 'getAgent',
    ...endpointOf(API.registry.agent),
    tag: 'Configuration',
    summary: 'Read one agent, with the version of it that runs',
    access: 'user',
    params: AgentPathSchema,
    responses: { 200: { description: 'The agent.', schema: AgentDetailSchema } },
  },
  {
    operationId: 'updateAgent',
    ...endpointOf(API.registry.updateAgent),
    tag: 'Configuration',
    summary: 'Change an agent’s name, role or model',
    access: 'user',
    params: AgentPathSchema,
    body: UpdateAgentInputSchema,
    responses: { 200: { description: 'The agent and the new draft version.', schema: AgentMutationResultSchema } },
    errors: { 409: '`stale_draft`: someone saved a newer version; read the draft again and reapply your change.' },
  },
  {
    operationId: 'deleteAgent',
    ...endpointOf(API.registry.deleteAgent),
    tag: 'Configuration',
    summary: 'Remove an agent from the draft',
    access: 'user',
    params: AgentPathSchema,
    query: DeleteAgentQuerySchema,
    responses: { 200: { description: '`agent` is null; the new draft version.', schema: AgentMutationResultSchema } },
    errors: { 409: '`stale_draft`: someone saved a newer version; read the draft again and reapply your change.' },
  },
  {
    operationId: 'duplicateAgent',
    ...endpointOf(API.registry.duplicateAgent),
    tag: 'Configuration',
    summary: 'Copy an agent (named “… (copy)”)',
    access: 'user',
    params: AgentPathSchema,
    body: DuplicateAgentInputSchema,
    responses: { 201: { description: 'The copy and the new draft version.', schema: AgentMutationResultSchema } },
    errors: { 409: '`stale_draft`: someone saved a newer version; read the draft again and reapply your change.' },
  },
  {
    operationId: 'getDraftDiff',
    ...endpointOf(API.registry.draftDiff),
    tag: 'Configuration',
    summary: 'Compare the saved draft with what runs',
    description:
      'Agents added, removed and changed, settings, providers and release, both manifests (owner only), and `apply`: the lifecycle action that puts the draft into the runtime.',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'The diff.', schema: DraftDiffSchema } },
  },
  {
    operationId: 'listModels',
    ...endpointOf(API.registry.models),
    tag: 'Configuration',
    summary: 'List the models agents can run on, per provider, with prices',
    access: 'user',
    responses: { 200: { description: 'The model catalog, priced by the active price book.', schema: ModelCatalogSchema } },
  },
  {
    operationId: 'getActivePriceBook',
    ...endpointOf(API.registry.activePriceBook),
    tag: 'Usage and billing',
    summary: 'Read the active model price book',
    access: 'user',
    responses: { 200: { description: 'The active price book.', schema: PriceBookSchema } },
    errors: { 404: 'No price book is active.' },
  },
  {
    operationId: 'runBulkAction',
    ...endpointOf(API.registry.bulkActions),
    tag: 'Exocorps',
    summary: 'Preview or run one lifecycle action on many of your exocorps',
    description:
      'With `dryRun: true` every item is evaluated and nothing changes. A run sends each exocorp through the lifecycle engine (one job, one audit row each); destructive actions need `confirm` equal to the number of selected exocorps.',
    access: 'user',
    body: BulkActionInputSchema,
    responses: { 200: { description: 'One result per selected exocorp.', schema: BulkActionResultSchema } },
  },
  {
    operationId: 'listBindings',
    ...endpointOf(API.registry.bindings),
    tag: 'Configuration',
    summary: 'List which credential serves each provider',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'Bindings and coverage.', schema: BindingListSchema } },
  },
  {
    operationId: 'setBinding',
    ...endpointOf(API.registry.bind),
    tag: 'Configuration',
    summary: 'Bind a credential to a provider, or unbind it (`secretId: null`)',
    access: 'user',
    params: IdPathSchema,
    body: BindInputSchema,
    responses: { 200: { description: 'Bindings and coverage after the change.', schema: BindingListSchema } },
  },
  {
    operationId: 'getUpdateHandshake',
    ...endpointOf(API.registry.updateHandshake),
    tag: 'Configuration',
    summary: 'Check whether an update is available and what blocks it',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'The update status.', schema: UpdateHandshakeSchema } },
  },
  {
    operationId: 'getManifest',
    ...endpointOf(API.registry.manifest),
    tag: 'Configuration',
    summary: 'Read the runtime manifest (owner only)',
    description: 'The manifest written by the last provision, or a preview (`generatedAt: null`) before the first one.',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'The manifest as YAML.', schema: ManifestSchema } },
    errors: { 409: '`release_lookup_failed`: no release is published on the exocorp’s channel.' },
  },

  // Releases
  {
    operationId: 'getCurrentRelease',
    ...endpointOf(API.registry.currentRelease),
    tag: 'Releases',
    summary: 'Read the release an exocorp on a channel installs (default stable)',
    access: 'user',
    query: ReleaseQuerySchema,
    responses: { 200: { description: 'The release.', schema: ReleaseSchema } },
    errors: { 404: 'No release is published on the channel.' },
  },
  {
    operationId: 'listReleases',
    ...endpointOf(API.registry.releaseCatalog),
    tag: 'Releases',
    summary: 'List the releases of a channel (all channels when omitted), newest first',
    access: 'user',
    query: ReleaseQuerySchema,
    responses: { 200: { description: 'The releases.', schema: ReleaseCatalogSchema } },
  },

  // Credentials
  {
    operationId: 'listProviderSecrets',
    ...endpointOf(API.registry.providerSecrets),
    tag: 'Credentials',
    summary: 'List your provider credentials (never their values)',
    access: 'user',
    responses: { 200: { description: 'Your credentials.', schema: ProviderSecretListSchema } },
  },
  {
    operationId: 'getProviderSecret',
    ...endpointOf(API.registry.providerSecret),
    tag: 'Credentials',
    summary: 'Read one provider credential',
    access: 'user',
    params: IdPathSchema,
    responses: {
      200: { description: 'The credential, with the last four characters of its value.', schema: ProviderSecretSchema },
    },
  },
  {
    operationId: 'createProviderSecret',
    ...endpointOf(API.registry.createProviderSecret),
    tag: 'Credentials',
    summary: 'Add a provider credential',
    access: 'user',
    body: CreateProviderSecretInputSchema,
    responses: { 201: { description: 'The stored credential.', schema: ProviderSecretSchema } },
    errors: { 409: '`label_taken`: you have a credential of this provider with this label.' },
  },
  {
    operationId: 'rotateProviderSecret',
    ...endpointOf(API.registry.rotateProviderSecret),
    tag: 'Credentials',
    summary: 'Replace a credential’s value; its bindings stay',
    access: 'user',
    params: IdPathSchema,
    body: RotateProviderSecretInputSchema,
    responses: { 200: { description: 'The rotated credential.', schema: ProviderSecretSchema } },
  },
  {
    operationId: 'deleteProviderSecret',
    ...endpointOf(API.registry.deleteProviderSecret),
    tag: 'Credentials',
    summary: 'Delete a provider credential',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'The deleted credential.', schema: ProviderSecretSchema } },
    errors: { 409: '`secret_in_use`: exocorps still use it (`details.usedBy`); bind them to another credential first.' },
  },

  // Usage and billing
  {
    operationId: 'listUsageEvents',
    ...endpointOf(API.runtime.usage),
    tag: 'Usage and billing',
    summary: 'List one exocorp’s priced usage events, newest first',
    access: 'user',
    query: UsageQuerySchema,
    responses: { 200: { description: 'A page of usage events.', schema: UsagePageSchema } },
    errors: { 404: 'No such exocorp visible to you.' },
  },
  {
    operationId: 'getOwnerBilling',
    ...endpointOf(API.billing.account),
    tag: 'Usage and billing',
    summary: 'Read your billing account, recent entries and what is due',
    access: 'user',
    etag: true,
    responses: { 200: { description: 'Your billing account.', schema: OwnerBillingSchema } },
  },
  {
    operationId: 'createCheckout',
    ...endpointOf(API.billing.checkout),
    tag: 'Usage and billing',
    summary: 'Start a hosted checkout to add funds or pay what is due',
    description:
      'Send `{amountMinor}` (cents, $1–$10,000) or `{payDue: true}`; open `checkoutUrl` in the browser. The provider confirms the payment through the signed webhook, which books it and lifts grace, restriction or suspension at once. The built-in test provider accepts the card 4242 4242 4242 4242 and declines 4000 0000 0000 0002 (README).',
    access: 'session',
    body: CheckoutInputSchema,
    responses: { 201: { description: 'The checkout was opened.', schema: CheckoutResultSchema } },
    errors: { 409: '`payDue` while nothing is due.' },
  },
  {
    operationId: 'getCheckout',
    ...endpointOf(API.billing.checkoutSession),
    tag: 'Usage and billing',
    summary: 'Read one of your checkouts: open, paid (with its receipt) or expired',
    access: 'user',
    params: IdPathSchema,
    responses: { 200: { description: 'The checkout.', schema: CheckoutSessionSchema } },
    errors: { 404: 'No such checkout of yours.' },
  },
  {
    operationId: 'listBudgets',
    ...endpointOf(API.billing.budgets),
    tag: 'Usage and billing',
    summary: 'List your monthly budgets with this month’s spend',
    access: 'user',
    responses: { 200: { description: 'Your budgets.', schema: BudgetListSchema } },
  },
  {
    operationId: 'setBudget',
    ...endpointOf(API.billing.setBudget),
    tag: 'Usage and billing',
    summary: 'Set the monthly budget of one of your exocorps, or of your whole fleet',
    description:
      'Evaluated as usage arrives: an alert once per month at `softThresholdPct`, and with `hardLimit` the exocorp (or the fleet) is paused at 100% until the next month.',
    access: 'session',
    body: BudgetInputSchema,
    responses: { 200: { description: 'The budget.', schema: BudgetSchema } },
    errors: { 404: 'No such exocorp that you own.' },
  },
  {
    operationId: 'deleteBudget',
    ...endpointOf(API.billing.deleteBudget),
    tag: 'Usage and billing',
    summary: 'Remove a budget',
    access: 'session',
    params: IdPathSchema,
    responses: { 200: { description: 'Your remaining budgets.', schema: BudgetListSchema } },
    errors: { 404: 'No such budget of yours.' },
  },
  {
    operationId: 'listReceipts',
    ...endpointOf(API.billing.receipts),
    tag: 'Usage and billing',
    summary: 'List your payment receipts, newest first',
    access: 'user',
    responses: { 200: { description: 'Your receipts.', schema: ReceiptListSchema } },
  },
  {
    operationId: 'streamEvents',
    ...endpointOf(API.events.stream),
    tag: 'Live events',
    summary: 'Open the live event stream (WebSocket)',
    description:
      'Upgrade to a WebSocket (`101 Switching Protocols`); the server then sends JSON text frames, each one a `ServerMessage`: platform events you may see (status and health of your exocorps, job progress, audit rows and billing state for owners), a `heartbeat` every `heartbeatMs`, and `hello` once any replay is done. Reconnect with `?lastEventId=<id>` to receive what you missed, in order; when that is beyond the replay window a `resync` tells you to refetch. Browsers must send the app’s own Origin. Close code 4401: the session ended; 4408: the client read too slowly (reconnect with lastEventId).',
    access: 'user',
    query: LastEventIdQuerySchema,
    responses: { 200: { description: 'The messages the socket carries after the 101 handshake.', schema: ServerMessageSchema } },
    errors: {
      403: 'The Origin is not the app’s own.',
      426: 'Not a WebSocket upgrade request.',
      429: 'This account has too many streams open on this server.',
      503: 'This server does not serve the stream.',
    },
  },
  {
    operationId: 'getDashboardSummary',
    ...endpointOf(API.dashboard.summary),
    tag: 'Usage and billing',
    summary: 'Count your exocorps by status, with credential coverage',
    access: 'user',
    etag: true,
    responses: { 200: { description: 'Fleet rollups.', schema: DashboardSummarySchema } },
  },

  // Audit
  {
    operationId: 'listMyAuditEvents',
    ...endpointOf(API.registry.auditEvents),
    tag: 'Audit',
    summary: 'List audit events about your exocorps and your coding agents, newest first',
    description: 'Page with `cursor` (the previous page’s `nextCursor`).',
    access: 'user',
    query: AuditQuerySchema,
    responses: { 200: { description: 'A page of audit events.', schema: AuditPageSchema } },
  },

  // Account
  {
    operationId: 'signUp',
    ...endpointOf(API.auth.signup),
    tag: 'Account',
    summary: 'Create an account and sign in',
    access: 'public',
    body: SignupInputSchema,
    responses: { 201: { description: 'Signed in; recovery codes are shown once.', schema: SignupResultSchema } },
    errors: { 409: '`email_taken`: an account with this email exists.', 429: 'Too many attempts; see `Retry-After`.' },
  },
  {
    operationId: 'signIn',
    ...endpointOf(API.auth.login),
    tag: 'Account',
    summary: 'Sign in with a password or a recovery code',
    access: 'public',
    body: LoginInputSchema,
    responses: { 200: { description: 'Signed in; the session cookie is set.', schema: MeSchema } },
    errors: { 401: 'Wrong email or password.', 429: 'Too many attempts; see `Retry-After`.' },
  },
  {
    operationId: 'signOut',
    ...endpointOf(API.auth.logout),
    tag: 'Account',
    summary: 'Sign out',
    access: 'public',
    responses: { 200: { description: 'Signed out; the session cookie is cleared.', schema: OkSchema } },
  },
  {
    operationId: 'openOperatorPortal',
    ...endpointOf(API.portal.handoff),
    tag: 'Account',
    summary: 'Open an exocorp’s operator portal (browser navigation)',
    description:
      'Follow it as a link, not with fetch. Signed in as the exocorp’s owner or a member, it redirects to `<slug>.<portal base>/__exocorp/handoff` with a signed hand-off that the portal host redeems once, within 60 seconds, for a cookie of its own (decision 032). Signed out, it redirects to the sign-in page, which comes back here. The portal host sends visitors without a portal session here too.',
    access: 'public',
    query: PortalHandoffQuerySchema,
    responses: { 302: { description: 'To the operator portal with a hand-off, or to the sign-in page.' } },
    errors: { 403: 'Coding agents cannot open the portal.', 404: 'No exocorp with that slug that you may see.' },
  },
  {
    operationId: 'getMe',
    ...endpointOf(API.auth.me),
    tag: 'Account',
    summary: 'Read who you are signed in as',
    access: 'user',
    etag: true,
    responses: { 200: { description: 'The signed-in user and how they are signed in.', schema: MeSchema } },
  },
  {
    operationId: 'reauthenticate',
    ...endpointOf(API.auth.reauthenticate),
    tag: 'Account',
    summary: 'Re-enter your password to unlock admin mutations for 10 minutes',
    access: 'session',
    body: ReauthenticateInputSchema,
    responses: { 200: { description: 'The step-up and until when it holds.', schema: ReauthenticateResultSchema } },
    errors: { 429: 'Too many failed attempts; see `Retry-After`.' },
  },

  {
    operationId: 'updateProfile',
    ...endpointOf(API.account.updateProfile),
    tag: 'Account',
    summary: 'Change your name or email',
    description: 'A new email needs `currentPassword` and must not belong to another account.',
    access: 'session',
    body: UpdateProfileInputSchema,
    responses: { 200: { description: 'Who you are now.', schema: MeSchema } },
    errors: { 409: '`email_taken`.', 429: 'Too many wrong passwords.' },
  },
  {
    operationId: 'changePassword',
    ...endpointOf(API.account.changePassword),
    tag: 'Account',
    summary: 'Set a new password; every other session ends',
    description:
      '`currentPassword` is required, except in a session opened with a recovery code (`me.mustSetPassword`), whose user lost it.',
    access: 'session',
    body: ChangePasswordInputSchema,
    responses: { 200: { description: 'Changed.', schema: ChangePasswordResultSchema } },
    errors: { 429: 'Too many wrong passwords.' },
  },
  {
    operationId: 'regenerateRecoveryKit',
    ...endpointOf(API.account.recoveryKit),
    tag: 'Account',
    summary: 'Generate a new recovery kit; the previous codes stop working',
    access: 'session',
    body: RecoveryKitInputSchema,
    responses: { 201: { description: 'The new codes, shown once.', schema: RecoveryKitSchema } },
    errors: { 429: 'Too many wrong passwords.' },
  },
  {
    operationId: 'pendingRecoveryKit',
    ...endpointOf(API.account.pendingRecoveryKit),
    tag: 'Account',
    summary: 'The recovery kit this session was shown and has not confirmed saving',
    description:
      'After sign-up or a new kit, the same codes can be shown again to the same session for an hour, until it confirms saving them (so a reload does not lose them). `null` when there is none.',
    access: 'session',
    responses: { 200: { description: 'The held codes, or null.', schema: PendingRecoveryKitSchema } },
  },
  {
    operationId: 'confirmRecoveryKitSaved',
    ...endpointOf(API.account.recoveryKitSaved),
    tag: 'Account',
    summary: 'Confirm the recovery kit is saved; it is never shown again',
    access: 'session',
    responses: { 200: { description: 'Confirmed (also when nothing was held).', schema: RecoveryKitSavedSchema } },
  },
  {
    operationId: 'listSessions',
    ...endpointOf(API.account.sessions),
    tag: 'Account',
    summary: 'List your signed-in devices (sessions)',
    access: 'session',
    responses: {
      200: { description: 'Live sessions, latest activity first; `current` marks this one.', schema: DeviceSessionListSchema },
    },
  },
  {
    operationId: 'endSession',
    ...endpointOf(API.account.endSession),
    tag: 'Account',
    summary: 'Sign out one of your other devices',
    access: 'session',
    params: SessionPathSchema,
    responses: { 200: { description: 'Signed out.', schema: SignedOutSchema } },
    errors: { 409: '`current_session`: sign out instead.' },
  },
  {
    operationId: 'endOtherSessions',
    ...endpointOf(API.account.endOtherSessions),
    tag: 'Account',
    summary: 'Sign out every device but this one',
    access: 'session',
    responses: { 200: { description: 'How many sessions ended.', schema: SignedOutSchema } },
  },
  {
    operationId: 'listMyInvitations',
    ...endpointOf(API.account.invitations),
    tag: 'Account',
    summary: 'List the pending invitations addressed to your email',
    access: 'user',
    responses: { 200: { description: 'Pending, unexpired invitations.', schema: MyInvitationListSchema } },
  },
  {
    operationId: 'acceptInvitation',
    ...endpointOf(API.account.acceptInvitation),
    tag: 'Account',
    summary: 'Accept an invitation addressed to you',
    access: 'user',
    params: MyInvitationPathSchema,
    responses: { 200: { description: 'You are now an owner or member.', schema: InvitationResponseSchema } },
    errors: { 409: 'Expired, revoked or already answered (`invitation_expired`, `invitation_revoked`, …).' },
  },
  {
    operationId: 'declineInvitation',
    ...endpointOf(API.account.declineInvitation),
    tag: 'Account',
    summary: 'Decline an invitation addressed to you',
    access: 'user',
    params: MyInvitationPathSchema,
    responses: { 200: { description: 'Declined.', schema: InvitationResponseSchema } },
    errors: { 409: 'Expired, revoked or already answered.' },
  },
  {
    operationId: 'listNotifications',
    ...endpointOf(API.account.notifications),
    tag: 'Account',
    summary: 'Your newest notifications and how many are unread',
    description:
      'Job failed, exocorp unreachable (owners), billing state changed, invite received; new ones are also pushed over `GET /api/events`.',
    access: 'user',
    responses: { 200: { description: 'Newest first (50).', schema: NotificationListSchema } },
  },
  {
    operationId: 'markNotificationRead',
    ...endpointOf(API.account.markNotificationRead),
    tag: 'Account',
    summary: 'Mark one of your notifications read',
    access: 'user',
    params: NotificationPathSchema,
    responses: { 200: { description: 'Marked (0 if it already was).', schema: MarkedReadSchema } },
  },
  {
    operationId: 'markAllNotificationsRead',
    ...endpointOf(API.account.markAllNotificationsRead),
    tag: 'Account',
    summary: 'Mark all your notifications read',
    access: 'user',
    responses: { 200: { description: 'How many were marked.', schema: MarkedReadSchema } },
  },
  {
    operationId: 'acceptInvitationLink',
    ...endpointOf(API.account.acceptInvitationLink),
    tag: 'Account',
    summary: 'Accept an invitation from its link’s token',
    description: 'The signed-in account’s email must be the invited one (403 `forbidden`, reason `wrong_account`, otherwise).',
    access: 'user',
    body: AcceptInvitationTokenInputSchema,
    responses: { 200: { description: 'You are now an owner or member.', schema: InvitationResponseSchema } },
    errors: { 409: 'Expired, revoked or already answered.' },
  },

  // Agents
  {
    operationId: 'createOperatorClientDraft',
    ...endpointOf(API.operatorClients.createDraft),
    tag: 'Agents',
    summary: 'Ask to connect a coding agent',
    description: 'Show the human `approvalUrl`; then poll `redeem` with the draft token every `pollIntervalSeconds`.',
    access: 'public',
    body: CreateDraftInputSchema,
    responses: {
      201: { description: 'The draft token (shown once) and the code the human approves.', schema: DraftResultSchema },
    },
    errors: { 429: 'Too many connection requests from this address.' },
  },
  {
    operationId: 'redeemOperatorClientDraft',
    ...endpointOf(API.operatorClients.redeem),
    tag: 'Agents',
    summary: 'Exchange an approved draft token for a bearer token',
    access: 'public',
    body: RedeemInputSchema,
    responses: {
      200: { description: 'Approved: the bearer token, shown exactly once, with its scopes.', schema: RedeemApprovedSchema },
      202: { description: 'Not decided yet: poll again after `pollIntervalSeconds`.', schema: RedeemPendingSchema },
    },
    errors: {
      403: '`draft_denied`: the human denied the request.',
      404: '`draft_not_found`: no such draft token.',
      410: `\`${REDEEM_ERROR_CODES.filter((c) => c !== 'draft_denied' && c !== 'draft_not_found').join('` or `')}\`: start over with a new draft.`,
    },
  },
  {
    operationId: 'getApproval',
    ...endpointOf(API.operatorClients.approval),
    tag: 'Agents',
    summary: 'Read a connection request before approving it',
    access: 'session',
    params: UserCodePathSchema,
    responses: { 200: { description: 'The request.', schema: ApprovalViewSchema } },
    errors: { 429: 'Too many unknown codes within the hour.' },
  },
  {
    operationId: 'approveOperatorClient',
    ...endpointOf(API.operatorClients.approve),
    tag: 'Agents',
    summary: 'Approve a connection request',
    description:
      '`access` is what the human grants: `read` (`registry:read`), `operate` (adds `registry:write`: everything but destroying) or `full` (adds `registry:destroy`). Left out, the scopes the agent asked for. `companyIds` limits the token to those exocorps (1–100 the human owns or is a member of); null or left out, it reaches all of them, including ones created later. A limited token gets the unknown-id 404 for any other exocorp, sees only its exocorps in lists, the summary, the audit trail and the event stream, and is refused creating exocorps and account-wide endpoints with 403 (`details.reason: exocorp_restricted`).',
    access: 'session',
    params: UserCodePathSchema,
    body: ApproveInputSchema,
    bodyOptional: true,
    responses: { 200: { description: 'The request, now approved.', schema: ApprovalViewSchema } },
    errors: {
      400: '`companyIds` names an exocorp the human cannot reach (the field error lists them), or is empty.',
      409: '`request_<status>`: the request was already decided or has expired.',
      429: 'Too many unknown codes within the hour.',
    },
  },
  {
    operationId: 'denyOperatorClient',
    ...endpointOf(API.operatorClients.deny),
    tag: 'Agents',
    summary: 'Deny a connection request',
    access: 'session',
    params: UserCodePathSchema,
    responses: { 200: { description: 'The request, now denied.', schema: ApprovalViewSchema } },
    errors: {
      409: '`request_<status>`: the request was already decided or has expired.',
      429: 'Too many unknown codes within the hour.',
    },
  },
  {
    operationId: 'listOperatorClients',
    ...endpointOf(API.operatorClients.list),
    tag: 'Agents',
    summary: 'List your connected agents',
    access: 'session',
    responses: { 200: { description: 'Your agents, active and revoked.', schema: OperatorClientListSchema } },
  },
  {
    operationId: 'revokeOperatorClient',
    ...endpointOf(API.operatorClients.revoke),
    tag: 'Agents',
    summary: 'Revoke an agent’s bearer token',
    access: 'session',
    params: IdPathSchema,
    responses: { 200: { description: 'The revoked agent.', schema: OperatorClientSchema } },
  },

  // Runtime
  {
    operationId: 'reportUsageEvent',
    ...endpointOf(API.runtime.reportUsage),
    tag: 'Runtime',
    summary: 'Report one model call (called by exocorp runtimes)',
    description: 'A retry with the same `eventId` (or `Idempotency-Key` header) is recorded once and answers 200.',
    access: 'runtime_token',
    body: ReportUsageEventInputSchema,
    responses: {
      200: { description: 'Already recorded (a retry).', schema: UsageEventSchema },
      201: { description: 'Recorded and priced.', schema: UsageEventSchema },
    },
    errors: { 503: '`no_active_price_book`: usage cannot be priced now; retry later.' },
  },
  {
    operationId: 'reportRuntimeLogs',
    ...endpointOf(API.runtime.reportLogs),
    tag: 'Runtime',
    summary: 'Ship a batch of the runtime’s stdout/stderr lines (called by exocorp runtimes)',
    access: 'runtime_token',
    body: RuntimeLogInputSchema,
    responses: { 201: { description: 'Stored (the exocorp keeps its newest 10,000 lines).', schema: RuntimeLogAcceptedSchema } },
  },
  {
    operationId: 'reportWorkload',
    ...endpointOf(API.runtime.reportWorkload),
    tag: 'Runtime',
    summary: 'Report a workload or its new status (called by exocorp runtimes)',
    access: 'runtime_token',
    body: ReportWorkloadInputSchema,
    responses: { 200: { description: 'Stored.', schema: WorkloadSchema } },
    errors: { 409: '`invalid_transition`: a finished workload does not change again.' },
  },
  {
    operationId: 'enrollRunner',
    ...endpointOf(API.runtime.enrollRunner),
    tag: 'Runtime',
    summary: 'Enroll a runner with its one-time token (called by `exocorp runner`)',
    access: 'runtime_token',
    body: EnrollRunnerInputSchema,
    responses: { 200: { description: 'Enrolled; heartbeat with the secret.', schema: EnrolledRunnerSchema } },
  },
  {
    operationId: 'reportRunnerWorkload',
    ...endpointOf(API.runtime.reportRunnerWorkload),
    tag: 'Runtime',
    summary: 'Report a workload a runner executes, or its new status, with the runner’s secret (called by `exocorp runner`)',
    description:
      'The workload is placed on that runner (`runner` in lists and events). A revoked or silent runner’s unfinished workloads turn `failed`.',
    access: 'runtime_token',
    body: ReportWorkloadInputSchema,
    responses: { 200: { description: 'Stored.', schema: WorkloadSchema } },
    errors: {
      409: '`invalid_transition`: a finished workload does not change again; `workload_id_taken`: the id belongs to other work.',
    },
  },
  {
    operationId: 'runnerHeartbeat',
    ...endpointOf(API.runtime.runnerHeartbeat),
    tag: 'Runtime',
    summary: 'A runner’s heartbeat, with its secret as bearer token',
    access: 'runtime_token',
    responses: { 200: { description: 'Seen.', schema: RunnerHeartbeatSchema } },
  },
  {
    operationId: 'getExecutionProvidersState',
    ...endpointOf(API.runtime.executionProviders),
    tag: 'Runtime',
    summary: 'Read the runtime driver’s capacity',
    access: 'user',
    responses: { 200: { description: 'Capacity.', schema: ExecutionProvidersStateSchema } },
  },

  // Webhooks
  {
    operationId: 'receiveBillingWebhook',
    ...endpointOf(API.billing.webhook),
    tag: 'Webhooks',
    summary: 'Receive a payment provider event',
    description:
      'Signed with the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers; a duplicate delivery answers 200 and books nothing.',
    access: 'webhook_signature',
    params: ProviderPathSchema,
    body: ProviderWebhookBodySchema,
    responses: { 200: { description: 'Received.', schema: WebhookAckSchema } },
  },

  // Admin: exocorps
  {
    operationId: 'runAdminBulkAction',
    ...endpointOf(ADMIN_API.bulkActions),
    tag: 'Admin: exocorps',
    summary: 'Preview or run one lifecycle action on many exocorps',
    description:
      'As the registry’s bulk action, on any exocorp. Destructive actions on exocorps you do not own need a fresh step-up; those items are refused with `reauth_required`.',
    access: 'platform_owner',
    body: BulkActionInputSchema,
    responses: { 200: { description: 'One result per selected exocorp.', schema: BulkActionResultSchema } },
  },
  {
    operationId: 'listPriceBooks',
    ...endpointOf(ADMIN_API.priceBooks),
    tag: 'Admin: billing',
    summary: 'List every price book version',
    access: 'admin',
    responses: { 200: { description: 'Price books, newest first.', schema: PriceBookListSchema } },
  },
  {
    operationId: 'publishPriceBook',
    ...endpointOf(ADMIN_API.publishPriceBook),
    tag: 'Admin: billing',
    summary: 'Publish a new price book version',
    description:
      'With `activate` (the default) it replaces the active one in the same transaction. Usage already priced keeps its book.',
    access: 'platform_owner',
    body: PublishPriceBookInputSchema,
    responses: { 201: { description: 'The new price book.', schema: PriceBookSchema } },
    errors: { 409: '`price_book_changed`: another price book was published at the same moment.' },
  },
  {
    operationId: 'listAdminCompanies',
    ...endpointOf(ADMIN_API.companies),
    tag: 'Admin: exocorps',
    summary: 'List every exocorp, filtered and sorted',
    access: 'admin',
    query: AdminCompanyQuerySchema,
    responses: { 200: { description: 'A page of exocorps with their owners.', schema: AdminCompanyPageSchema } },
  },
  {
    operationId: 'getAdminCompany',
    ...endpointOf(ADMIN_API.companyDetails),
    tag: 'Admin: exocorps',
    summary: 'Read any exocorp with its owner',
    access: 'admin',
    params: IdPathSchema,
    responses: { 200: { description: 'The exocorp.', schema: AdminCompanyDetailSchema } },
  },
  {
    operationId: 'getAdminCompanyRuntime',
    ...endpointOf(ADMIN_API.companyRuntime),
    tag: 'Admin: exocorps',
    summary: 'Read what the driver and the health monitor know of an exocorp’s runtime',
    access: 'admin',
    params: IdPathSchema,
    responses: { 200: { description: 'The runtime.', schema: AdminRuntimeSchema } },
  },
  {
    operationId: 'runAdminCompanyAction',
    ...endpointOf(ADMIN_API.companyAction),
    tag: 'Admin: exocorps',
    summary: 'Run a lifecycle action on any exocorp',
    description: 'Destructive actions on someone else’s exocorp need a fresh step-up (`reauth_required`).',
    access: 'platform_owner',
    params: IdPathSchema,
    body: ActionInputSchema,
    responses: {
      200: { description: ACTION_ANSWERS[200].description, schema: AdminActionResultSchema },
      202: { description: ACTION_ANSWERS[202].description, schema: AdminActionResultSchema },
    },
    errors: { 409: LIFECYCLE_REFUSAL },
  },
  {
    operationId: 'getRuntimeStats',
    ...endpointOf(ADMIN_API.runtimeStats),
    tag: 'Admin: exocorps',
    summary: 'Read fleet-wide runtime numbers',
    access: 'admin',
    responses: { 200: { description: 'Counts, job outcomes, durations and capacity.', schema: RuntimeStatsSchema } },
  },

  // Admin: users
  {
    operationId: 'listAdminUsers',
    ...endpointOf(ADMIN_API.users),
    tag: 'Admin: users',
    summary: 'List every account, with search, filters, sort and cursor pages',
    access: 'admin',
    query: AdminUserQuerySchema,
    responses: { 200: { description: 'A page of accounts.', schema: AdminUserPageSchema } },
  },
  {
    operationId: 'getAdminUser',
    ...endpointOf(ADMIN_API.user),
    tag: 'Admin: users',
    summary: 'Read one account: its exocorps, sessions, tokens and recent audit',
    access: 'admin',
    params: UserPathSchema,
    responses: { 200: { description: 'The account.', schema: AdminUserDetailSchema } },
  },
  {
    operationId: 'setUserPlatformRole',
    ...endpointOf(ADMIN_API.setUserRole),
    tag: 'Admin: users',
    summary: 'Grant or revoke `admin` / `platform_owner`',
    access: 'platform_owner',
    params: UserPathSchema,
    body: SetUserRoleInputSchema,
    responses: { 200: { description: 'The account with its new role.', schema: AdminUserRowSchema } },
    errors: { 409: '`last_platform_owner`: the platform keeps at least one.' },
  },
  {
    operationId: 'disableUser',
    ...endpointOf(ADMIN_API.disableUser),
    tag: 'Admin: users',
    summary: 'Disable an account: its sessions and bearer tokens answer 401 from the next request',
    access: 'platform_owner',
    params: UserPathSchema,
    responses: { 200: { description: 'The disabled account.', schema: AdminUserRowSchema } },
    errors: { 409: '`self` or `last_platform_owner`.' },
  },
  {
    operationId: 'enableUser',
    ...endpointOf(ADMIN_API.enableUser),
    tag: 'Admin: users',
    summary: 'Enable a disabled account',
    access: 'platform_owner',
    params: UserPathSchema,
    responses: { 200: { description: 'The enabled account.', schema: AdminUserRowSchema } },
  },
  {
    operationId: 'cancelUserSession',
    ...endpointOf(ADMIN_API.cancelUserSession),
    tag: 'Admin: users',
    summary: 'End one session of an account',
    access: 'platform_owner',
    params: UserSessionPathSchema,
    responses: { 200: { description: 'Ended.', schema: SignedOutSchema } },
  },

  // Admin: billing
  {
    operationId: 'listBillingAccounts',
    ...endpointOf(ADMIN_API.billingAccounts),
    tag: 'Admin: billing',
    summary: 'List billing accounts',
    access: 'admin',
    query: BillingAccountQuerySchema,
    responses: { 200: { description: 'A page of accounts.', schema: BillingAccountPageSchema } },
  },
  {
    operationId: 'getBillingAccount',
    ...endpointOf(ADMIN_API.billingAccount),
    tag: 'Admin: billing',
    summary: 'Read a billing account and a page of its ledger',
    access: 'admin',
    params: IdPathSchema,
    query: LedgerQuerySchema,
    responses: { 200: { description: 'The account and its ledger.', schema: BillingAccountDetailSchema } },
  },
  {
    operationId: 'addBillingAdjustment',
    ...endpointOf(ADMIN_API.addAdjustment),
    tag: 'Admin: billing',
    summary: 'Credit or debit an account',
    description: 'Idempotent by `idempotencyKey`: the same key and body answer 200 with the entry made the first time.',
    access: 'platform_owner',
    params: IdPathSchema,
    body: AdjustmentInputSchema,
    responses: {
      200: { description: 'Already made with this key.', schema: AdjustmentResultSchema },
      201: { description: 'Made.', schema: AdjustmentResultSchema },
    },
    errors: { 409: 'The idempotency key was used with a different body.' },
  },
  {
    operationId: 'refundPayment',
    ...endpointOf(ADMIN_API.refundPayment),
    tag: 'Admin: billing',
    summary: 'Refund (part of) a payment through its provider',
    description:
      'Needs a password re-entered within 10 minutes. Idempotent by `idempotencyKey`: the same key and body answer 200 with the refund made the first time.',
    access: 'platform_owner',
    params: IdPathSchema,
    body: RefundInputSchema,
    responses: {
      200: { description: 'Already made with this key.', schema: AdjustmentResultSchema },
      201: { description: 'Refunded.', schema: AdjustmentResultSchema },
    },
    errors: {
      404: 'No such payment on this account.',
      409: 'More than what is left of the payment, or the idempotency key was used with a different body.',
    },
  },
  {
    operationId: 'setGracePolicy',
    ...endpointOf(ADMIN_API.setGracePolicy),
    tag: 'Admin: billing',
    summary: 'Set an account’s grace policy',
    access: 'platform_owner',
    params: IdPathSchema,
    body: GracePolicyInputSchema,
    responses: { 200: { description: 'The account with its new policy.', schema: BillingAccountSchema } },
  },
  {
    operationId: 'setGracePolicyByPost',
    ...endpointOf(ADMIN_API.setGracePolicyByPost),
    tag: 'Admin: billing',
    summary: 'Set an account’s grace policy (the same as PUT, for form posts)',
    access: 'platform_owner',
    params: IdPathSchema,
    body: GracePolicyInputSchema,
    responses: { 200: { description: 'The account with its new policy.', schema: BillingAccountSchema } },
  },
  {
    operationId: 'resetGracePolicy',
    ...endpointOf(ADMIN_API.resetGracePolicy),
    tag: 'Admin: billing',
    summary: 'Reset an account’s grace policy to the platform default',
    access: 'platform_owner',
    params: IdPathSchema,
    responses: { 200: { description: 'The account with the default policy.', schema: BillingAccountSchema } },
  },
  {
    operationId: 'listCollections',
    ...endpointOf(ADMIN_API.collections),
    tag: 'Admin: billing',
    summary: 'List accounts that are not current, most overdue first',
    access: 'admin',
    query: CollectionsQuerySchema,
    responses: { 200: { description: 'A page of the collections queue.', schema: CollectionsPageSchema } },
  },
  {
    operationId: 'listProviderEvents',
    ...endpointOf(ADMIN_API.providerEvents),
    tag: 'Admin: billing',
    summary: 'List payment provider events',
    access: 'admin',
    query: ProviderEventQuerySchema,
    responses: { 200: { description: 'A page of provider events.', schema: ProviderEventPageSchema } },
  },
  {
    operationId: 'evaluateBilling',
    ...endpointOf(ADMIN_API.evaluateBilling),
    tag: 'Admin: billing',
    summary: 'Run the billing evaluator now',
    access: 'platform_owner',
    responses: { 200: { description: 'The accounts whose state changed.', schema: BillingEvaluationSchema } },
  },

  // Admin: audit
  {
    operationId: 'listAuditEvents',
    ...endpointOf(ADMIN_API.auditEvents),
    tag: 'Admin: audit',
    summary: 'List the whole audit trail, newest first',
    access: 'admin',
    query: AuditQuerySchema,
    responses: { 200: { description: 'A page of audit events.', schema: AuditPageSchema } },
  },
  AUDIT_EXPORT('csv'),
  AUDIT_EXPORT('ndjson'),

  // Admin: runtime
  {
    operationId: 'getFlags',
    ...endpointOf(ADMIN_API.flags),
    tag: 'Admin: runtime',
    summary: 'List the flags the store knows and every value set, by scope',
    access: 'admin',
    responses: { 200: { description: 'Definitions and settings.', schema: FlagOverviewSchema } },
  },
  {
    operationId: 'setFlag',
    ...endpointOf(ADMIN_API.setFlag),
    tag: 'Admin: runtime',
    summary: 'Set a flag at a scope (global, channel or exocorp), or clear it with `value: null`',
    description:
      'The narrowest scope wins: exocorp, then its release channel, then global, then the default. Runtimes read changes within about a second.',
    access: 'platform_owner',
    body: SetFlagInputSchema,
    responses: { 201: { description: 'The change, as recorded in the history.', schema: FlagChangeSchema } },
  },
  {
    operationId: 'listResolvedFlags',
    ...endpointOf(ADMIN_API.resolvedFlags),
    tag: 'Admin: runtime',
    summary: 'Each exocorp’s effective flag values and where each comes from',
    access: 'admin',
    query: ResolvedFlagsQuerySchema,
    responses: { 200: { description: 'A page of exocorps by slug.', schema: ResolvedFlagsPageSchema } },
  },
  {
    operationId: 'listFlagHistory',
    ...endpointOf(ADMIN_API.flagHistory),
    tag: 'Admin: runtime',
    summary: 'The change history of the flags, newest first',
    access: 'admin',
    query: FlagHistoryQuerySchema,
    responses: { 200: { description: 'A page of changes.', schema: FlagChangePageSchema } },
  },
  {
    operationId: 'revertFlagChange',
    ...endpointOf(ADMIN_API.revertFlagChange),
    tag: 'Admin: runtime',
    summary: 'Undo one change: its previous value is set back, as a new change',
    access: 'platform_owner',
    params: FlagChangePathSchema,
    body: RevertFlagInputSchema,
    bodyOptional: true,
    responses: { 201: { description: 'The reverting change.', schema: FlagChangeSchema } },
    errors: { 409: '`superseded`: the flag changed after this change; revert the later one first.' },
  },
  {
    operationId: 'getRuntimeFlags',
    ...endpointOf(API.runtime.flags),
    tag: 'Runtime',
    summary: 'Read the calling runtime’s effective agent-loop flags',
    description: 'Polled by runtimes about once a second; `If-None-Match` with the last version answers 304.',
    access: 'runtime_token',
    etag: true,
    responses: {
      200: { description: 'Kill switch, context pruning and max steps, with a version.', schema: RuntimeFlagsSchema },
    },
  },

  // Feedback
  {
    operationId: 'sendFeedback',
    ...endpointOf(API.feedback.send),
    tag: 'Feedback',
    summary: 'Send feedback (page, exocorp and browser attached as context)',
    description: `At most ${5} messages per 10 minutes per person (then 429 with Retry-After). Near-identical messages are grouped.`,
    access: 'session',
    body: FeedbackInputSchema,
    responses: { 201: { description: 'Received.', schema: FeedbackReceiptSchema } },
    errors: { 429: 'Too many messages; `Retry-After` says when to send again.' },
  },

  // Admin: feedback
  {
    operationId: 'listFeedbackGroups',
    ...endpointOf(ADMIN_API.feedback),
    tag: 'Admin: feedback',
    summary: 'List the triage queue: feedback and probe groups, highest severity first',
    description: 'Archived groups only with `state=archived`. Cursor-paged.',
    access: 'admin',
    query: FeedbackQuerySchema,
    responses: { 200: { description: 'A page of groups.', schema: SignalGroupPageSchema } },
  },
  {
    operationId: 'getSecuritySummary',
    ...endpointOf(ADMIN_API.feedbackSecurity),
    tag: 'Admin: feedback',
    summary: 'Security view: probe groups not archived, per class',
    access: 'admin',
    responses: { 200: { description: 'Per class: groups, occurrences, last seen.', schema: SecuritySummarySchema } },
  },
  {
    operationId: 'getFeedbackGroup',
    ...endpointOf(ADMIN_API.feedbackGroup),
    tag: 'Admin: feedback',
    summary: 'Read a group with its members and notes',
    access: 'admin',
    params: SignalGroupPathSchema,
    responses: { 200: { description: 'The group.', schema: SignalGroupDetailSchema } },
  },
  {
    operationId: 'updateFeedbackGroup',
    ...endpointOf(ADMIN_API.updateFeedbackGroup),
    tag: 'Admin: feedback',
    summary: 'Move a group through the workflow, assign it or change its severity',
    access: 'platform_owner',
    params: SignalGroupPathSchema,
    body: UpdateSignalGroupInputSchema,
    responses: { 200: { description: 'The group.', schema: SignalGroupSchema } },
    errors: { 409: '`invalid_transition`: the workflow does not allow that move from the current state.' },
  },
  {
    operationId: 'addFeedbackNote',
    ...endpointOf(ADMIN_API.addFeedbackNote),
    tag: 'Admin: feedback',
    summary: 'Add a triage note to a group',
    access: 'platform_owner',
    params: SignalGroupPathSchema,
    body: TriageNoteInputSchema,
    responses: { 201: { description: 'The note.', schema: TriageNoteSchema } },
  },
  {
    operationId: 'bulkTriageFeedback',
    ...endpointOf(ADMIN_API.bulkTriage),
    tag: 'Admin: feedback',
    summary: 'Move many groups to one state',
    description: 'Groups whose state does not allow the move are listed in `refused`; the others move.',
    access: 'platform_owner',
    body: BulkTriageInputSchema,
    responses: { 200: { description: 'Which moved and which did not.', schema: BulkTriageResultSchema } },
  },

  // Admin: site
  {
    operationId: 'listSitePages',
    ...endpointOf(ADMIN_API.sitePages),
    tag: 'Admin: site',
    summary: 'List the site CMS pages and whether the public site is on',
    access: 'admin',
    responses: { 200: { description: 'Every page (working copy) with its published version.', schema: SitePageListSchema } },
  },
  {
    operationId: 'createSitePage',
    ...endpointOf(ADMIN_API.createSitePage),
    tag: 'Admin: site',
    summary: 'Create a draft page (markdown)',
    description: 'Slugs the console uses itself are refused; a slug in use is a 400 on `slug`.',
    access: 'platform_owner',
    body: CreateSitePageInputSchema,
    responses: { 201: { description: 'The draft.', schema: SitePageSchema } },
  },
  {
    operationId: 'getSitePage',
    ...endpointOf(ADMIN_API.sitePage),
    tag: 'Admin: site',
    summary: 'Read a page, its versions and a sanitised preview of the working copy',
    access: 'admin',
    params: SitePagePathSchema,
    responses: { 200: { description: 'The page.', schema: SitePageDetailSchema } },
  },
  {
    operationId: 'updateSitePage',
    ...endpointOf(ADMIN_API.updateSitePage),
    tag: 'Admin: site',
    summary: 'Edit the working copy (the public site keeps the published version until the next publish)',
    access: 'platform_owner',
    params: SitePagePathSchema,
    body: UpdateSitePageInputSchema,
    responses: { 200: { description: 'The page.', schema: SitePageSchema } },
  },
  {
    operationId: 'publishSitePage',
    ...endpointOf(ADMIN_API.publishSitePage),
    tag: 'Admin: site',
    summary: 'Publish the working copy as a new version (updates the page, its ETag and the sitemap)',
    access: 'platform_owner',
    params: SitePagePathSchema,
    body: EmptyActionInputSchema,
    bodyOptional: true,
    responses: { 200: { description: 'The page.', schema: SitePageSchema } },
    errors: { 409: '`no_changes`: the page is published and its working copy is that version.' },
  },
  {
    operationId: 'archiveSitePage',
    ...endpointOf(ADMIN_API.archiveSitePage),
    tag: 'Admin: site',
    summary: 'Take a page off the public site (history kept; publishing brings it back)',
    access: 'platform_owner',
    params: SitePagePathSchema,
    body: EmptyActionInputSchema,
    bodyOptional: true,
    responses: { 200: { description: 'The page.', schema: SitePageSchema } },
    errors: { 409: '`invalid_transition`: the page is already archived.' },
  },
  {
    operationId: 'revertSitePage',
    ...endpointOf(ADMIN_API.revertSitePage),
    tag: 'Admin: site',
    summary: 'Publish an earlier version again (as a new version)',
    access: 'platform_owner',
    params: SitePagePathSchema,
    body: RevertSitePageInputSchema,
    responses: { 200: { description: 'The page.', schema: SitePageSchema } },
  },
  {
    operationId: 'listAdminNotifications',
    ...endpointOf(ADMIN_API.adminNotifications),
    tag: 'Admin: site',
    summary: 'Read the admin notifications queue (enterprise inquiries, custom-domain changes), newest first',
    access: 'admin',
    responses: { 200: { description: 'The newest 100 notices.', schema: AdminNotificationListSchema } },
  },
  {
    operationId: 'sendEnterpriseInquiry',
    ...endpointOf(API.site.enterpriseInquiry),
    tag: 'Site',
    summary: 'Send an enterprise inquiry (public; lands in the admin notifications queue)',
    description: 'Leave `website` empty (it is a honeypot). Three per address per hour.',
    access: 'public',
    body: EnterpriseInquiryInputSchema,
    responses: { 202: { description: 'Received.', schema: EnterpriseInquiryReceiptSchema } },
    errors: { 429: 'Too many inquiries from this address; `Retry-After` says when to send again.' },
  },

  // Service
  {
    operationId: 'checkHealth',
    ...endpointOf(API.service.health),
    tag: 'Service',
    summary: 'Check that the service and its database answer',
    access: 'public',
    responses: { 200: { description: 'Healthy.', schema: OkSchema } },
  },
  {
    operationId: 'getOpenApiDocument',
    ...endpointOf(API.service.openApiDocument),
    tag: 'Service',
    summary: 'Read this OpenAPI 3.1 document',
    description: 'Generated from the same zod schemas the server validates with; the web app renders it at `/docs/api`.',
    access: 'public',
    etag: true,
    responses: { 200: { description: 'The OpenAPI document.', schema: OpenApiDocumentSchema } },
  },
]
