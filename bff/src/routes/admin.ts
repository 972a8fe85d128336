import { adminAgentWalletRoutes } from './admin-agent-wallets'
import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { adminAuditRoutes } from './admin-audit'
import { adminConnectorEventRoutes } from './admin-connector-events'
import { adminDeploymentRoutes } from './admin-deployments'
import { adminBillingRoutes } from './admin-billing'
import { adminCompanyRoutes } from './admin-companies'
import { adminFeedbackRoutes } from './admin-feedback'
import { adminOperationRoutes } from './admin-operations'
import { adminNotificationRoutes } from './admin-notifications'
import { adminRuntimeRoutes } from './admin-runtime'
import { adminSiteRoutes } from './admin-site'
import { adminUserRoutes } from './admin-users'
import { adminBulkActionRoutes } from './bulk-actions'
import { adminPriceBookRoutes } from './models'
import { adminModelRoutes, adminUsageRoutes } from './admin-usage'
import { adminCommerceRoutes } from './admin-commerce'

/**
 * Everything under /api/admin: admins read, platform owners also act. Each route's guard
 * (guard.admin, guard.platformOwner…) is declared on the route itself.
 */
export const adminRoutes = new Hono<AppEnv>()
  .route('/audit-events', adminAuditRoutes)
  .route('/billing', adminBillingRoutes)
  .route('/connector-events', adminConnectorEventRoutes)
  .route('/agent-wallet', adminAgentWalletRoutes)
  .route('/price-books', adminPriceBookRoutes)
  .route('/usage', adminUsageRoutes)
  .route('/models', adminModelRoutes)
  .route('/commerce', adminCommerceRoutes)
  .route('/bulk-actions', adminBulkActionRoutes)
  .route('/feedback', adminFeedbackRoutes)
  .route('/notifications', adminNotificationRoutes)
  .route('/runtime', adminRuntimeRoutes)
  .route('/site/pages', adminSiteRoutes)
  .route('/deployments', adminDeploymentRoutes)
  .route('/', adminOperationRoutes)
  .route('/', adminCompanyRoutes)
  .route('/', adminUserRoutes)
