import { del, get, post, put } from './api-paths'

/** The admin API's endpoints (see api-paths.ts): imported by admin features only, loaded lazily. */
export const ADMIN_API = {
  companies: get('/api/admin/companies'),
  companyDetails: get('/api/admin/companies/:id/details'),
  companyRuntime: get('/api/admin/companies/:id/runtime'),
  companyAction: post('/api/admin/companies/:id/actions'),
  bulkActions: post('/api/admin/bulk-actions'),
  priceBooks: get('/api/admin/price-books'),
  publishPriceBook: post('/api/admin/price-books'),
  runtimeStats: get('/api/admin/runtime-stats'),
  auditEvents: get('/api/admin/audit-events'),
  users: get('/api/admin/users'),
  user: get('/api/admin/users/:userId'),
  setUserRole: post('/api/admin/users/:userId/role'),
  disableUser: post('/api/admin/users/:userId/disable'),
  enableUser: post('/api/admin/users/:userId/enable'),
  cancelUserSession: del('/api/admin/users/:userId/sessions/:sessionId'),
  auditExportCsv: get('/api/admin/audit-events/export.csv'),
  auditExportNdjson: get('/api/admin/audit-events/export.ndjson'),
  billingAccounts: get('/api/admin/billing/accounts'),
  billingAccount: get('/api/admin/billing/accounts/:id'),
  addAdjustment: post('/api/admin/billing/accounts/:id/adjustments'),
  setGracePolicy: put('/api/admin/billing/accounts/:id/policy'),
  resetGracePolicy: del('/api/admin/billing/accounts/:id/policy'),
  collections: get('/api/admin/billing/collections'),
  providerEvents: get('/api/admin/billing/provider-events'),
} as const
