import type { OperatorScope } from '@exocorp/shared/operator-clients'

export const SCOPE_TEXT: Record<OperatorScope, string> = {
  'registry:read': 'See your exocorps: their status, configuration, credentials coverage and usage',
  'registry:write': 'Create, configure, provision, update, restart and stop your exocorps',
}

export const SCOPE_SHORT: Record<OperatorScope, string> = { 'registry:read': 'read', 'registry:write': 'read & write' }
