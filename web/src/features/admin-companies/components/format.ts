import type { CompanyStatus, Health } from '@exocorp/shared/companies'

export const HEALTH_LABEL: Record<Health, string> = { healthy: 'Healthy', unreachable: 'Unreachable', unknown: 'Unknown' }

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

/** Milliseconds as "850 ms", "42 s" or "3 min 5 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—'
  if (ms < 1_000) return `${Math.round(ms)} ms`
  const s = Math.round(ms / 1_000)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
}
