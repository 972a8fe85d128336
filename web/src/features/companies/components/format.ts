import type { CompanyStatus, Health, LifecycleAction } from '@exocorp/shared/companies'
import type { BadgeTone } from '@/components/ui/badge'

export const STATUS_TONE: Record<CompanyStatus, BadgeTone> = {
  draft: 'neutral',
  provisioning: 'info',
  starting: 'info',
  running: 'ok',
  paused: 'warn',
  stopped: 'neutral',
  failed: 'bad',
  destroyed: 'bad',
}

export const HEALTH_LABEL: Record<Health, string> = { healthy: 'Healthy', unreachable: 'Unreachable', unknown: 'Health unknown' }
export const HEALTH_TONE: Record<Health, BadgeTone> = { healthy: 'ok', unreachable: 'bad', unknown: 'neutral' }

export const ACTION_EXPLAIN: Record<LifecycleAction, string> = {
  provision: 'Builds the runtime from the saved draft and starts it.',
  update: 'Installs the newest release of its channel.',
  restart: 'Restarts the runtime from the last successful provision.',
  pause: 'Agents stop taking work; the runtime stays up.',
  resume: 'Agents pick up work again.',
  stop: 'Stops the runtime. Agents stop working until you start it again.',
  reprovision: 'Throws the runtime away and builds a fresh one on the same version.',
  rollback: 'Goes back to the previous installed version.',
  destroy: 'Removes the runtime and its data for good. Only the audit trail is kept.',
}
