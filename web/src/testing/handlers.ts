import { adminAuditHandlers } from './handlers/admin-audit'
import { authHandlers } from './handlers/auth'

/** Every mocked endpoint; the same list serves `pnpm dev:mock` and the web tests. */
export const handlers = [...authHandlers, ...adminAuditHandlers]
