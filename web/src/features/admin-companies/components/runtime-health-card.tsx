import type { AdminRuntime } from '@exocorp/shared/companies'
import { HealthBadge, StatusBadge } from './status-badges'
import { RelativeTime } from '@/components/ui/relative-time'
import { CopyButton } from '@/components/ui/copy-button'

/** What the runtime driver and the health monitor know about one exocorp. */
export function RuntimeHealthCard({ runtime }: { runtime: AdminRuntime }) {
  return (
    <section className="card stack" aria-labelledby="runtime-title">
      <h2 id="runtime-title">Runtime health</h2>
      {runtime.health === 'unreachable' ? (
        <div role="alert" className="alert alert-warn">
          The runtime should be {runtime.status} but its control plane is not answering.
          {runtime.detail ? ` ${runtime.detail}` : ''}
        </div>
      ) : null}
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={runtime.status} />
        </dd>
        <dt>Health</dt>
        <dd>
          <HealthBadge health={runtime.health} />
        </dd>
        <dt>Last check</dt>
        <dd>
          <RelativeTime iso={runtime.healthCheckedAt} />
        </dd>
        <dt>Driver</dt>
        <dd>{runtime.driver}</dd>
        <dt>Endpoint</dt>
        <dd className="copyable">
          {runtime.endpoint ? (
            <>
              <code>{runtime.endpoint}</code>
              <CopyButton text={runtime.endpoint} what="runtime endpoint" />
            </>
          ) : (
            <span className="muted">nothing running</span>
          )}
        </dd>
        <dt>Process</dt>
        <dd>{runtime.pid ?? '—'}</dd>
        <dt>Owning instance</dt>
        <dd>{runtime.owner ?? '—'}</dd>
        <dt>Reported version</dt>
        <dd>{runtime.version ?? '—'}</dd>
        {runtime.detail && runtime.health !== 'unreachable' ? (
          <>
            <dt>Probe note</dt>
            <dd>{runtime.detail}</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}
