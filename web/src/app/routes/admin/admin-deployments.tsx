import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import {
  IsolationModeSchema,
  RoutingModeSchema,
  type DeploymentTarget,
  type IsolationMode,
  type PlacedExocorp,
  type RoutingMode,
  type TargetHealth,
} from '@exocorp/shared/deployments'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminDeploymentQueries } from '@/features/admin-deployments/api/queries'
import { useDeploymentAction, type DeploymentAction } from '@/features/admin-deployments/api/mutations'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { SelectField } from '@/components/ui/select-field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { useSteppedAction } from '@/components/stepped-action'
import { useCommonText } from '@/lib/i18n/common-text'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

const HEALTH_TONE: Record<TargetHealth, BadgeTone> = { healthy: 'ok', unhealthy: 'bad', unknown: 'neutral' }

/** One deployment mutation at a time, retried after the step-up dialog (the shared useSteppedAction). */
function useDeploymentStep() {
  const { t } = useTranslation()
  const action = useDeploymentAction()
  const { act, stepUp, dialog } = useSteppedAction<DeploymentAction, unknown>(action, {
    actionLabel: t('deployments.stepUp'),
    reauthenticate,
  })
  const fields = useCommonText().fields(action.error)
  const error = action.isError && !stepUp && !Object.keys(fields).length ? <ErrorMessage error={action.error} /> : null
  return { action, act, dialog, fields, error }
}

function HealthCell({ target }: { target: DeploymentTarget }) {
  const { t } = useTranslation()
  return (
    <>
      <Badge tone={HEALTH_TONE[target.health]}>{t(`deployments.health_${target.health}`)}</Badge>
      {target.healthReason ? <div className="muted">{target.healthReason}</div> : null}
      {target.healthCheckedAt ? (
        <div className="muted">
          {t('deployments.probed')} <RelativeTime iso={target.healthCheckedAt} />
        </div>
      ) : null}
    </>
  )
}

/** `/admin/deployments`: where exocorps run (seed 003, decision 054). */
export function AdminDeploymentsPage() {
  const { t } = useTranslation()
  usePageTitle(t('deployments.title'))
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const targets = useQuery({ ...adminDeploymentQueries.targets(), refetchInterval: 15_000 })
  const { action, act, dialog, fields, error } = useDeploymentStep()
  const navigate = useNavigate()
  const [name, setName] = useState('')
  const [dataSubdir, setDataSubdir] = useState('')
  const [capacity, setCapacity] = useState('10')
  const [routingMode, setRoutingMode] = useState<RoutingMode>('subdomain')
  const [isolationMode, setIsolationMode] = useState<IsolationMode>('shared')

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="deployments-title">
        <h2 id="deployments-title">{t('deployments.title')}</h2>
        <p className="muted">{t('deployments.intro')}</p>
        {targets.isPending ? (
          <Skeleton label={t('deployments.loading')} />
        ) : targets.isError ? (
          <ErrorMessage error={targets.error} />
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label={t('deployments.caption')}>
              <thead>
                <tr>
                  <th scope="col">{t('deployments.target')}</th>
                  <th scope="col">{t('deployments.health')}</th>
                  <th scope="col">{t('deployments.load')}</th>
                  <th scope="col">{t('deployments.modes')}</th>
                  <th scope="col">{t('deployments.version')}</th>
                  <th scope="col">{t('deployments.hosts')}</th>
                </tr>
              </thead>
              <tbody>
                {targets.data.items.map((target) => (
                  <tr key={target.id}>
                    <th scope="row">
                      <Link to={paths.adminDeployment(target.id)}>{target.name}</Link>
                      <div className="muted">
                        {target.driver}
                        {target.state === 'draining' ? (
                          <>
                            {' · '}
                            <Badge tone="warn">{t('deployments.state_draining')}</Badge>
                          </>
                        ) : null}
                      </div>
                    </th>
                    <td>
                      <HealthCell target={target} />
                    </td>
                    <td>
                      {t('deployments.loadValue', { placed: target.placed, capacity: target.capacity, running: target.running })}
                      {!target.placeable && target.notPlaceableReason ? (
                        <div className="muted">{t('deployments.notPlaceable', { reason: target.notPlaceableReason })}</div>
                      ) : null}
                    </td>
                    <td>
                      {t(`deployments.routing_${target.routingMode}`)} · {t(`deployments.isolation_${target.isolationMode}`)}
                    </td>
                    <td>{target.schemaVersion ? <code>{target.schemaVersion}</code> : <span className="muted">—</span>}</td>
                    <td>
                      {target.hosts.map((h) => (
                        <div key={h}>
                          <code>{h}</code>
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canAct ? (
          <form
            className="stack"
            aria-label={t('deployments.newTarget')}
            onSubmit={(e) => {
              e.preventDefault()
              act(
                {
                  kind: 'create',
                  input: {
                    name,
                    config: { driver: 'local', dataSubdir, minFreeDiskMb: 64 },
                    routingMode,
                    isolationMode,
                    capacity: Number(capacity),
                    defaultHosts: [],
                  },
                },
                (r) => {
                  if (r && typeof r === 'object' && 'id' in r && typeof r.id === 'string') navigate(paths.adminDeployment(r.id))
                },
              )
            }}
          >
            <h3>{t('deployments.newTarget')}</h3>
            <p className="muted">{t('deployments.newTargetHint')}</p>
            <Field
              label={t('deployments.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={fields.name?.[0]}
              required
            />
            <Field
              label={t('deployments.dataDir')}
              hint={t('deployments.dataDirHint')}
              value={dataSubdir}
              onChange={(e) => setDataSubdir(e.target.value)}
              error={fields['config.dataSubdir']?.[0]}
              required
            />
            <Field
              label={t('deployments.capacity')}
              type="number"
              min={0}
              value={capacity}
              onChange={(e) => setCapacity(e.target.value)}
              error={fields.capacity?.[0]}
              required
            />
            <SelectField
              id="dt-routing"
              label={t('deployments.routingMode')}
              value={routingMode}
              options={RoutingModeSchema.options}
              optionLabel={(v) => t(`deployments.routing_${v}`)}
              onChange={setRoutingMode}
            />
            <SelectField
              id="dt-isolation"
              label={t('deployments.isolationMode')}
              value={isolationMode}
              options={IsolationModeSchema.options}
              optionLabel={(v) => t(`deployments.isolation_${v}`)}
              onChange={setIsolationMode}
            />
            <div>
              <Button type="submit" variant="primary" disabled={action.isPending}>
                {t('deployments.create')}
              </Button>
            </div>
          </form>
        ) : (
          <p className="muted">{t('deployments.ownerOnly')}</p>
        )}
        {error}
      </section>
      {dialog}
    </div>
  )
}

function MoveForm({
  exocorp,
  targets,
  onMove,
}: {
  exocorp: PlacedExocorp
  targets: DeploymentTarget[]
  onMove: (to: string, confirm: string) => void
}) {
  const { t } = useTranslation()
  const [to, setTo] = useState(targets[0]?.id ?? '')
  const [confirm, setConfirm] = useState('')
  if (targets.length === 0) return <span className="muted">{t('deployments.noOtherTarget')}</span>
  return (
    <form
      className="inline-form"
      aria-label={t('deployments.moveLabel', { slug: exocorp.slug })}
      onSubmit={(e) => {
        e.preventDefault()
        onMove(to, confirm)
      }}
    >
      <label htmlFor={`move-to-${exocorp.id}`}>{t('deployments.moveTo')}</label>
      <select id={`move-to-${exocorp.id}`} value={to} onChange={(e) => setTo(e.target.value)}>
        {targets.map((target) => (
          <option key={target.id} value={target.id}>
            {target.name}
          </option>
        ))}
      </select>
      <label htmlFor={`move-confirm-${exocorp.id}`}>{t('deployments.typeSlug', { slug: exocorp.slug })}</label>
      <input id={`move-confirm-${exocorp.id}`} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
      <Button type="submit" disabled={exocorp.busy || confirm !== exocorp.slug}>
        {t('deployments.move')}
      </Button>
    </form>
  )
}

/** `/admin/deployments/:targetId`: one target, its exocorps, and what a platform owner can do with it. */
export function AdminDeploymentPage() {
  const { t } = useTranslation()
  const { targetId = '' } = useParams()
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const detail = useQuery({ ...adminDeploymentQueries.target(targetId), refetchInterval: 5_000 })
  const all = useQuery(adminDeploymentQueries.targets())
  const { action, act, dialog, error } = useDeploymentStep()
  const navigate = useNavigate()
  const [notice, setNotice] = useState<string | null>(null)
  usePageTitle(detail.data?.target.name ?? t('deployments.title'))

  if (detail.isPending) return <Skeleton label={t('deployments.loading')} />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  const { target, exocorps } = detail.data
  const others = (all.data?.items ?? []).filter((x) => x.id !== target.id)

  return (
    <div className="stack">
      <p>
        <Link to={paths.adminDeployments()}>{t('deployments.allTargets')}</Link>
      </p>
      <section className="card stack" aria-labelledby="target-title">
        <h2 id="target-title">{target.name}</h2>
        <dl className="facts">
          <dt>{t('deployments.driver')}</dt>
          <dd>{target.driver}</dd>
          <dt>{t('deployments.state')}</dt>
          <dd>{t(`deployments.state_${target.state}`)}</dd>
          <dt>{t('deployments.health')}</dt>
          <dd data-testid="target-health">
            <HealthCell target={target} />
          </dd>
          <dt>{t('deployments.load')}</dt>
          <dd>{t('deployments.loadValue', { placed: target.placed, capacity: target.capacity, running: target.running })}</dd>
          <dt>{t('deployments.modes')}</dt>
          <dd>
            {t(`deployments.routing_${target.routingMode}`)} · {t(`deployments.isolation_${target.isolationMode}`)}
          </dd>
          <dt>{t('deployments.version')}</dt>
          <dd>{target.schemaVersion ?? '—'}</dd>
          <dt>{t('deployments.hosts')}</dt>
          <dd>{target.hosts.join(', ')}</dd>
        </dl>
        {target.checks.length ? (
          <ul className="plain-list" aria-label={t('deployments.checks')}>
            {target.checks.map((c) => (
              <li key={c.name}>
                <Badge tone={c.ok ? 'ok' : 'bad'}>{c.name}</Badge> {c.detail}
              </li>
            ))}
          </ul>
        ) : null}
        {canAct ? (
          <div className="button-row">
            <Button onClick={() => act({ kind: 'probe', id: target.id })} disabled={action.isPending}>
              {t('deployments.probe')}
            </Button>
            {target.state === 'active' ? (
              <Button onClick={() => act({ kind: 'drain', id: target.id })} disabled={action.isPending}>
                {t('deployments.drain')}
              </Button>
            ) : (
              <Button onClick={() => act({ kind: 'activate', id: target.id })} disabled={action.isPending}>
                {t('deployments.activate')}
              </Button>
            )}
            <Button
              variant="danger"
              onClick={() => act({ kind: 'remove', id: target.id }, () => navigate(paths.adminDeployments()))}
              disabled={action.isPending || target.placed > 0}
            >
              {t('deployments.remove')}
            </Button>
          </div>
        ) : null}
        {error}
        {notice ? (
          <p role="status" className="alert alert-info">
            {notice}
          </p>
        ) : null}
      </section>
      <section className="card stack" aria-labelledby="target-exocorps">
        <h2 id="target-exocorps">{t('deployments.exocorps')}</h2>
        {exocorps.length === 0 ? (
          <p className="muted">{t('deployments.noExocorps')}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label={t('deployments.exocorpsCaption')}>
              <thead>
                <tr>
                  <th scope="col">{t('deployments.exocorp')}</th>
                  <th scope="col">{t('deployments.status')}</th>
                  {canAct ? <th scope="col">{t('deployments.moveColumn')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {exocorps.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">
                      <Link to={paths.adminCompany(e.id)}>{e.name}</Link>
                      <div className="muted">
                        <code>{e.slug}</code>
                      </div>
                    </th>
                    <td>
                      {e.status}
                      {e.installedVersion ? ` · ${e.installedVersion}` : ''}
                      {e.busy ? <div className="muted">{t('deployments.busy')}</div> : null}
                    </td>
                    {canAct ? (
                      <td>
                        <MoveForm
                          exocorp={e}
                          targets={others}
                          onMove={(to, confirm) =>
                            act({ kind: 'move', input: { companyId: e.id, targetId: to, confirm } }, () =>
                              setNotice(
                                t('deployments.moveStarted', {
                                  slug: e.slug,
                                  target: others.find((o) => o.id === to)?.name ?? to,
                                }),
                              ),
                            )
                          }
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {dialog}
    </div>
  )
}
