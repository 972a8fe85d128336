import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { bulkActionRoutes } from './bulk-actions'
import { companyMemberRoutes } from './company-members'
import { companyLogRoutes } from './company-logs'
import { companyWorkloadRoutes } from './company-workloads'
import { companyCommerceRoutes } from './company-commerce'
import { companyDomainRoutes } from './company-domains'
import { companyConnectorSecretRoutes } from './company-connector-secrets'
import { companyAgentCardRoutes } from './company-agent-cards'
import { companyConfigRoutes } from './company-config'
import { companyReleaseRoutes } from './company-releases'
import { modelRoutes, priceBookRoutes } from './models'
import { providerSecretRoutes } from './provider-secrets'
import { registryCompanyRoutes } from './registry-companies'

/** Everything under /api/registry: what a person (in a browser or through an agent) owns and runs. */
export const registryRoutes = new Hono<AppEnv>()
  .route('/', registryCompanyRoutes)
  .route('/', companyMemberRoutes)
  .route('/', companyLogRoutes)
  .route('/', companyWorkloadRoutes)
  .route('/', companyCommerceRoutes)
  .route('/', companyDomainRoutes)
  .route('/', companyConnectorSecretRoutes)
  .route('/', companyAgentCardRoutes)
  .route('/companies', companyConfigRoutes)
  .route('/provider-secrets', providerSecretRoutes)
  .route('/company-releases', companyReleaseRoutes)
  .route('/models', modelRoutes)
  .route('/price-books', priceBookRoutes)
  .route('/bulk-actions', bulkActionRoutes)
