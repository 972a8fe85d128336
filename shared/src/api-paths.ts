/**
 * Every endpoint of the API as data: its method and its path pattern in Hono's `:param` syntax
 * (which msw shares). The web client accepts only these, so a path or a method cannot drift into a
 * hand-typed string at a call site. The OpenAPI operation table (api-operations.ts) takes every
 * method and path from here, so each path string is written once.
 * The admin API's endpoints live in api-paths-admin.ts: the owner's first route must not even
 * name them (docs/decisions/012, checked by scripts/bundle-report.mjs).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface Endpoint<M extends HttpMethod = HttpMethod, P extends string = string> {
  readonly method: M
  readonly path: P
}

/** `'/a/:id/b/:name'` → `'id' | 'name'`. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never

export type PathParams<P extends string> = Record<PathParamNames<P>, string>

const endpoint =
  <M extends HttpMethod>(method: M) =>
  <P extends `/api/${string}`>(path: P): Endpoint<M, P> => ({ method, path })
export const get = endpoint('GET')
export const post = endpoint('POST')
export const put = endpoint('PUT')
export const patch = endpoint('PATCH')
export const del = endpoint('DELETE')

export const API = {
  service: {
    health: get('/api/health'),
    openApiDocument: get('/api/openapi.json'),
  },
  auth: {
    me: get('/api/auth/me'),
    signup: post('/api/auth/signup'),
    login: post('/api/auth/login'),
    logout: post('/api/auth/logout'),
    reauthenticate: post('/api/auth/reauthenticate'),
  },
  dashboard: {
    summary: get('/api/dashboard/summary'),
  },
  events: {
    /** A WebSocket (decision 030): the web app opens it with `new WebSocket`, not the fetch client. */
    stream: get('/api/events'),
  },
  registry: {
    myCompanies: get('/api/registry/my-companies'),
    createCompany: post('/api/registry/companies'),
    company: get('/api/registry/companies/:id'),
    currentJob: get('/api/registry/companies/:id/jobs/current'),
    deployments: get('/api/registry/companies/:id/jobs'),
    provision: post('/api/registry/companies/:id/provision'),
    update: post('/api/registry/companies/:id/update'),
    restart: post('/api/registry/companies/:id/restart'),
    stop: post('/api/registry/companies/:id/stop'),
    updateCompany: patch('/api/registry/companies/:id'),
    draft: get('/api/registry/companies/:id/draft'),
    saveDraft: post('/api/registry/companies/:id/draft'),
    draftDiff: get('/api/registry/companies/:id/draft/diff'),
    agents: get('/api/registry/companies/:id/agents'),
    createAgent: post('/api/registry/companies/:id/agents'),
    agent: get('/api/registry/companies/:id/agents/:agentId'),
    updateAgent: patch('/api/registry/companies/:id/agents/:agentId'),
    deleteAgent: del('/api/registry/companies/:id/agents/:agentId'),
    duplicateAgent: post('/api/registry/companies/:id/agents/:agentId/duplicate'),
    models: get('/api/registry/models'),
    activePriceBook: get('/api/registry/price-books/active'),
    bulkActions: post('/api/registry/bulk-actions'),
    bindings: get('/api/registry/companies/:id/bindings'),
    bind: post('/api/registry/companies/:id/bindings'),
    updateHandshake: get('/api/registry/companies/:id/update-handshake'),
    manifest: get('/api/registry/companies/:id/manifest'),
    companyAction: post('/api/registry/companies/:id/actions'),
    auditEvents: get('/api/registry/audit-events'),
    auditExportCsv: get('/api/registry/audit-events/export.csv'),
    auditExportNdjson: get('/api/registry/audit-events/export.ndjson'),
    slugAvailability: get('/api/registry/slug-availability'),
    currentRelease: get('/api/registry/company-releases/current'),
    releaseCatalog: get('/api/registry/company-releases/catalog'),
    providerSecrets: get('/api/registry/provider-secrets'),
    providerSecret: get('/api/registry/provider-secrets/:id'),
    createProviderSecret: post('/api/registry/provider-secrets'),
    rotateProviderSecret: post('/api/registry/provider-secrets/:id/rotate'),
    deleteProviderSecret: del('/api/registry/provider-secrets/:id'),
    members: get('/api/registry/companies/:id/members'),
    updateMember: patch('/api/registry/companies/:id/members/:userId'),
    removeMember: del('/api/registry/companies/:id/members/:userId'),
    transferOwnership: post('/api/registry/companies/:id/transfer'),
    leaveCompany: post('/api/registry/companies/:id/leave'),
    invitations: get('/api/registry/companies/:id/invitations'),
    createInvitation: post('/api/registry/companies/:id/invitations'),
    resendInvitation: post('/api/registry/companies/:id/invitations/:invitationId/resend'),
    revokeInvitation: del('/api/registry/companies/:id/invitations/:invitationId'),
    logs: get('/api/registry/companies/:id/logs'),
    logsDownloadText: get('/api/registry/companies/:id/logs/download.txt'),
    logsDownloadNdjson: get('/api/registry/companies/:id/logs/download.ndjson'),
    workloads: get('/api/registry/companies/:id/workloads'),
    enqueueWorkload: post('/api/registry/companies/:id/workloads'),
    workloadQueue: get('/api/registry/companies/:id/workloads/queue'),
    /** The exocorp's stores as its runtime last reported them (decision 055). */
    commerce: get('/api/registry/companies/:id/commerce'),
    /** Owners add a product to the store; forwarded to the running runtime (decision 060). */
    addStoreProduct: post('/api/registry/companies/:id/commerce/products'),
    runners: get('/api/registry/companies/:id/runners'),
    createRunner: post('/api/registry/companies/:id/runners'),
    revokeRunner: post('/api/registry/companies/:id/runners/:runnerId/revoke'),
    customDomains: get('/api/registry/companies/:id/domains'),
    addCustomDomain: post('/api/registry/companies/:id/domains'),
    checkCustomDomain: post('/api/registry/companies/:id/domains/:domainId/check'),
    removeCustomDomain: del('/api/registry/companies/:id/domains/:domainId'),
    connectorSecrets: get('/api/registry/companies/:id/connector-secrets'),
    issueConnectorSecret: post('/api/registry/companies/:id/connector-secrets/:connector'),
    removeConnectorSecret: del('/api/registry/companies/:id/connector-secrets/:connector'),
    /** Agent cards and spend approvals (decision 048). */
    spendRequests: get('/api/registry/companies/:id/spend-requests'),
    decideSpendRequest: post('/api/registry/companies/:id/spend-requests/:requestId/decision'),
    issueAgentCard: post('/api/registry/companies/:id/agent-cards'),
    updateAgentCard: patch('/api/registry/companies/:id/agent-cards/:cardId'),
    cancelAgentCard: post('/api/registry/companies/:id/agent-cards/:cardId/cancel'),
    fundAgentWallet: post('/api/registry/companies/:id/agent-wallets/:walletId/funds'),
  },
  account: {
    updateProfile: patch('/api/account/profile'),
    changePassword: post('/api/account/password'),
    recoveryKit: post('/api/account/recovery-kit'),
    pendingRecoveryKit: get('/api/account/recovery-kit/pending'),
    recoveryKitSaved: post('/api/account/recovery-kit/saved'),
    sessions: get('/api/account/sessions'),
    endSession: del('/api/account/sessions/:sessionId'),
    endOtherSessions: post('/api/account/sessions/sign-out-others'),
    invitations: get('/api/account/invitations'),
    acceptInvitation: post('/api/account/invitations/:invitationId/accept'),
    declineInvitation: post('/api/account/invitations/:invitationId/decline'),
    acceptInvitationLink: post('/api/invitations/accept'),
    notifications: get('/api/account/notifications'),
    markNotificationRead: post('/api/account/notifications/:notificationId/read'),
    markAllNotificationsRead: post('/api/account/notifications/read-all'),
  },
  runtime: {
    reportUsage: post('/api/runtime/usage-events'),
    reportLogs: post('/api/runtime/logs'),
    spendRequest: post('/api/runtime/spend-requests'),
    spendRequestOutcome: get('/api/runtime/spend-requests/:id'),
    reportWorkload: post('/api/runtime/workloads'),
    /** Schedule runs and agents' messages, for the admins' notifications (issue 17 item 3). */
    reportNotice: post('/api/runtime/notices'),
    /** A runtime's store snapshot (decision 055). */
    reportStoreSnapshot: post('/api/runtime/store-snapshots'),
    enrollRunner: post('/api/runtime/runners/enroll'),
    runnerHeartbeat: post('/api/runtime/runners/heartbeat'),
    reportRunnerWorkload: post('/api/runtime/runners/workloads'),
    claimRunnerWorkload: post('/api/runtime/runners/claim'),
    executionProviders: get('/api/runtime/execution-providers/state'),
    usage: get('/api/runtime/billing/usage'),
    /** A runtime reads its exocorp's effective loop flags with its own token (issue 17). */
    flags: get('/api/runtime/flags'),
  },
  feedback: {
    send: post('/api/feedback'),
  },
  /** The public site's API (the Enterprise guide's form). */
  site: {
    enterpriseInquiry: post('/api/v1/enterprise-inquiry'),
  },
  billing: {
    account: get('/api/billing/account'),
    checkout: post('/api/billing/checkout'),
    checkoutSession: get('/api/billing/checkout/:id'),
    receipts: get('/api/billing/receipts'),
    budgets: get('/api/billing/budgets'),
    setBudget: put('/api/billing/budgets'),
    deleteBudget: del('/api/billing/budgets/:id'),
    agentWallets: get('/api/billing/agent-wallets'),
    setAgentWallet: put('/api/billing/agent-wallets'),
    webhook: post('/api/billing/webhooks/:provider'),
  },
  usage: {
    analytics: get('/api/usage/analytics'),
    analyticsCsv: get('/api/usage/analytics.csv'),
  },
  portal: {
    /** A browser navigation (a link), not a fetch: it redirects to the portal host (decision 032). */
    handoff: get('/api/portal/handoff'),
  },
  operatorClients: {
    createDraft: post('/api/operator-clients/drafts'),
    redeem: post('/api/operator-clients/redeem'),
    list: get('/api/operator-clients'),
    revoke: post('/api/operator-clients/:id/revoke'),
    approval: get('/api/operator-clients/approvals/:userCode'),
    approve: post('/api/operator-clients/approvals/:userCode/approve'),
    deny: post('/api/operator-clients/approvals/:userCode/deny'),
  },
} as const

/** Fills a pattern's `:params`, each one URL-encoded. */
export function pathOf<P extends string>(pattern: P, params: PathParams<P>): string {
  const values: Record<string, string> = params
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`${pattern} needs :${name}`)
    return encodeURIComponent(value)
  })
}

/** `?a=1&b=x` from an object; undefined, null and '' are left out, and nothing gives ''. */
export function searchOf(query: object | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}
