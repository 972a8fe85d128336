import { adminAuditHandlers } from './handlers/admin-audit'
import { agentHandlers } from './handlers/agents'
import { priceBookHandlers } from './handlers/price-books'
import { adminBillingHandlers } from './handlers/admin-billing'
import { adminCompanyHandlers } from './handlers/admin-companies'
import { authHandlers } from './handlers/auth'
import { billingHandlers } from './handlers/billing'
import { companyHandlers } from './handlers/companies'
import { dashboardHandlers } from './handlers/dashboard'
import { operatorClientHandlers } from './handlers/operator-clients'
import { providerSecretHandlers } from './handlers/provider-secrets'
import { releaseHandlers } from './handlers/releases'
import { usageHandlers } from './handlers/usage'
import { walletHandlers } from './handlers/wallets'
import { connectorEventHandlers } from './handlers/connector-events'
import { accountHandlers } from './handlers/account'
import { adminUserHandlers } from './handlers/admin-users'
import { teamHandlers } from './handlers/teams'
import { notificationHandlers } from './handlers/notifications'
import { logHandlers } from './handlers/logs'
import { workloadHandlers } from './handlers/workloads'
import { opsHandlers } from './handlers/ops'
import { siteHandlers } from './handlers/site'
import { deploymentHandlers } from './handlers/deployments'
import { eventHandlers } from './handlers/events'
import { adminNotificationHandlers } from './handlers/admin-notifications'
import { operationHandlers } from './handlers/operations'
import { runtimeQueueHandlers } from './handlers/runtime-queues'
import { domainHandlers } from './handlers/domains'
import { connectorSecretHandlers } from './handlers/connector-secrets'
import { webhookHandlers } from './handlers/webhooks'
import { adminUsageHandlers } from './handlers/admin-usage'
import { commerceHandlers } from './handlers/commerce'

/** Every mocked endpoint; the same list serves `pnpm dev:mock` and the web tests. */
export const handlers = [
  ...authHandlers,
  ...adminAuditHandlers,
  ...adminCompanyHandlers,
  ...adminBillingHandlers,
  ...billingHandlers,
  ...operatorClientHandlers,
  ...agentHandlers,
  ...priceBookHandlers,
  ...companyHandlers,
  ...dashboardHandlers,
  ...providerSecretHandlers,
  ...releaseHandlers,
  ...usageHandlers,
  ...walletHandlers,
  ...connectorEventHandlers,
  ...teamHandlers,
  ...accountHandlers,
  ...adminUserHandlers,
  ...notificationHandlers,
  ...adminNotificationHandlers,
  ...runtimeQueueHandlers,
  ...logHandlers,
  ...workloadHandlers,
  ...opsHandlers,
  ...siteHandlers,
  ...deploymentHandlers,
  ...eventHandlers,
  ...operationHandlers,
  ...commerceHandlers,
  ...domainHandlers,
  ...connectorSecretHandlers,
  ...webhookHandlers,
  ...adminUsageHandlers,
]
