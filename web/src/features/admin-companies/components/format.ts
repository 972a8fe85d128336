import type { CompanyStatus, Health } from '@exocorp/shared/companies'

export function statusTone(status: CompanyStatus): string {
  if (status === 'running') return 'ok'
  if (status === 'failed') return 'bad'
  if (status === 'provisioning' || status === 'starting') return 'info'
  if (status === 'paused') return 'warn'
  return ''
}

export function healthTone(health: Health): string {
  return health === 'healthy' ? 'ok' : health === 'unreachable' ? 'bad' : ''
}
