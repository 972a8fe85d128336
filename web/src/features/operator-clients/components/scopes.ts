import type { OperatorAccessLevel, OperatorScope } from '@exocorp/shared/operator-clients'

export const SCOPE_SHORT: Record<OperatorScope, string> = {
  'registry:read': 'read',
  'registry:write': 'read & operate',
  'registry:destroy': 'full, incl. destroy',
}

export const LEVEL_LABEL: Record<OperatorAccessLevel, string> = {
  read: 'Read-only',
  operate: 'Operate (no destroy)',
  full: 'Full, including destroy',
}
