import type { CompanyStatus, LifecycleAction } from '@exocorp/shared/companies'

/** Words for lifecycle statuses and actions, the same on the owner's and the admin's screens. */
export const STATUS_LABEL: Record<CompanyStatus, string> = {
  draft: 'Draft',
  provisioning: 'Provisioning',
  starting: 'Starting',
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
  failed: 'Failed',
  destroyed: 'Destroyed',
}

export const ACTION_LABEL: Record<LifecycleAction, string> = {
  provision: 'Provision',
  update: 'Update',
  restart: 'Restart',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  reprovision: 'Reprovision',
  rollback: 'Roll back',
  destroy: 'Destroy',
}
