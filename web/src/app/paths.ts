/** Every screen's URL in one place; links and redirects use these, never hand-typed strings. */
export const paths = {
  home: () => '/',
  signIn: (next?: string) => (next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'),
  signUp: (next?: string) => (next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'),
  dashboard: () => '/dashboard',
  /** The dashboard showing only exocorps that miss a required provider credential. */
  dashboardGaps: () => '/dashboard?show=missing-credentials',
  /** The fleet table searched for `q`. */
  dashboardSearch: (q: string) => `/dashboard?${new URLSearchParams({ ...(q ? { q } : {}), view: 'table' }).toString()}`,
  profile: () => '/account/profile',
  devices: () => '/account/devices',
  invites: () => '/account/invites',
  setPassword: () => '/account/set-password',
  adminUsers: () => '/admin/users',
  adminUser: (id: string) => `/admin/users/${encodeURIComponent(id)}`,
  admin: () => '/admin',
  company: (
    id: string,
    tab?: 'agents' | 'activity' | 'store' | 'members' | 'manifest' | 'logs' | 'runners' | 'wallets' | 'domains',
  ) => `/company/${encodeURIComponent(id)}${tab ? `/${tab}` : ''}`,
  /** One agent of an exocorp's draft. */
  companyAgent: (id: string, agentId: string) => `/company/${encodeURIComponent(id)}/agents/${encodeURIComponent(agentId)}`,
  /** The create form (not under /agents/: an agent named “New” has the id `new`). */
  companyNewAgent: (id: string) => `/company/${encodeURIComponent(id)}/new-agent`,
  onboarding: () => '/onboarding',
  credentials: () => '/credentials',
  adminCompanies: () => '/admin/companies',
  adminCompany: (id: string) => `/admin/companies/${encodeURIComponent(id)}`,
  adminAudit: () => '/admin/audit',
  adminFeedback: () => '/admin/feedback',
  adminRuntime: () => '/admin/runtime',
  adminPricing: () => '/admin/pricing',
  adminSitePages: () => '/admin/site/pages',
  adminDeployments: () => '/admin/deployments',
  adminDeployment: (id: string) => `/admin/deployments/${encodeURIComponent(id)}`,
  adminSitePage: (id: string) => `/admin/site/pages/${encodeURIComponent(id)}`,
  adminBilling: () => '/admin/billing',
  adminWallets: () => '/admin/agent-wallets',
  adminUsage: () => '/admin/usage',
  adminModels: () => '/admin/models',
  adminCommerce: () => '/admin/commerce',
  adminConnectorEvents: () => '/admin/connector-events',
  adminBillingAccount: (id: string) => `/admin/billing/accounts/${encodeURIComponent(id)}`,
  adminCollections: () => '/admin/billing/collections',
  adminProviderEvents: () => '/admin/billing/provider-events',
  billing: () => '/billing',
  usage: () => '/usage',
  apiTokens: () => '/account/api-tokens',
  webhooks: () => '/account/webhooks',
  connect: (userCode: string) => `/connect/${encodeURIComponent(userCode)}`,
} as const

/** Only same-app paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return paths.dashboard()
  return next
}
