import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useState } from 'react'
import {
  FLAG_DEFINITIONS,
  flagDefinition,
  flagValueRule,
  type FlagKey,
  type FlagScope,
  type FlagValue,
} from '@exocorp/shared/rollout'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminRuntimeQueries } from '@/features/admin-runtime/api/queries'
import { useFlagAction } from '@/features/admin-runtime/api/mutations'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { useCommonText } from '@/lib/i18n/common-text'
import { useSteppedAction } from '@/components/stepped-action'
import { usePageTitle } from '@/lib/page-title'
import { RuntimeQueuesSection } from './admin-runtime-queues'

const show = (v: FlagValue | null) => (v === null ? 'unset' : String(v))

/** `/admin/runtime`: rollout controls for the agent loop and product flags (seed 003). */
export function AdminRuntimePage() {
  const { t } = useTranslation()
  usePageTitle(t('runtime.title'))
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const flags = useQuery(adminRuntimeQueries.flags())
  const [q, setQ] = useState('')
  const resolved = useQuery(adminRuntimeQueries.resolved({ limit: 50, ...(q ? { q } : {}) }))
  const history = useQuery(adminRuntimeQueries.history({ limit: 20 }))
  const action = useFlagAction()
  const { act, stepUp, dialog } = useSteppedAction(action, { actionLabel: t('runtime.stepUp'), reauthenticate })

  return (
    <div className="stack">
      <RuntimeQueuesSection />
      <section className="card stack" aria-labelledby="flags-title">
        <h2 id="flags-title">{t('runtime.flags')}</h2>
        {flags.isPending ? (
          <Skeleton label={t('runtime.loadingFlags')} />
        ) : flags.isError ? (
          <ErrorMessage error={flags.error} />
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label={t('runtime.flagsTable')}>
              <thead>
                <tr>
                  <th scope="col">{t('runtime.flag')}</th>
                  <th scope="col">{t('runtime.default')}</th>
                  <th scope="col">{t('runtime.setAt')}</th>
                </tr>
              </thead>
              <tbody>
                {flags.data.definitions.map((d) => {
                  const settings = flags.data.settings.filter((s) => s.key === d.key)
                  return (
                    <tr key={d.key}>
                      <th scope="row">
                        <code>{d.key}</code>
                        <div className="muted">{d.description}</div>
                      </th>
                      <td>{String(d.default)}</td>
                      <td>
                        {settings.length === 0 ? (
                          <span className="muted">{t('runtime.nowhere')}</span>
                        ) : (
                          <ul className="plain-list">
                            {settings.map((s) => (
                              <li key={`${s.scope}:${s.scopeId}`}>
                                {s.scopeLabel}: <strong>{String(s.value)}</strong>{' '}
                                <span className="muted">
                                  {t('runtime.by', { actor: s.updatedBy })} <RelativeTime iso={s.updatedAt} />
                                </span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
        {canAct ? (
          <SetFlagForm busy={action.isPending} error={action.error} onSubmit={(input) => act({ kind: 'set', input })} />
        ) : null}
        {action.error && !stepUp ? <ErrorMessage error={action.error} /> : null}
      </section>

      <section className="card stack" aria-labelledby="resolved-title">
        <h2 id="resolved-title">{t('runtime.effective')}</h2>
        <div className="field">
          <label htmlFor="resolved-q">{t('runtime.find')}</label>
          <input id="resolved-q" type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} />
        </div>
        {resolved.isPending ? (
          <Skeleton label={t('runtime.loadingEffective')} />
        ) : resolved.isError ? (
          <ErrorMessage error={resolved.error} />
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label={t('runtime.effectiveTable')}>
              <thead>
                <tr>
                  <th scope="col">{t('runtime.exocorp')}</th>
                  {FLAG_DEFINITIONS.map((d) => (
                    <th scope="col" key={d.key}>
                      <code>{d.key}</code>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {resolved.data.items.map((c) => (
                  <tr key={c.companyId}>
                    <th scope="row">
                      {c.slug} <span className="muted">({c.channel})</span>
                    </th>
                    {c.flags.map((f) => (
                      <td key={f.key}>
                        {f.key === 'ai.loop.kill_switch' && f.value === true ? (
                          <Badge tone="bad">{t('runtime.halted')}</Badge>
                        ) : (
                          String(f.value)
                        )}{' '}
                        <span className="muted">{t('runtime.from', { source: t(`runtime.source_${f.source}`) })}</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card stack" aria-labelledby="history-title">
        <h2 id="history-title">{t('runtime.history')}</h2>
        {history.isPending ? (
          <Skeleton label={t('runtime.loadingHistory')} />
        ) : history.isError ? (
          <ErrorMessage error={history.error} />
        ) : history.data.items.length === 0 ? (
          <p className="muted">{t('runtime.noChanges')}</p>
        ) : (
          <ul className="plain-list stack" aria-label={t('runtime.changes')}>
            {history.data.items.map((c) => (
              <li key={c.id} className="row wrap spread">
                <span>
                  <RelativeTime iso={c.at} /> — {t('runtime.changeLine', { actor: c.actor })} <code>{c.key}</code>{' '}
                  {t('runtime.at', { scope: c.scopeLabel })} {show(c.from)} → {show(c.to)} ({c.reason})
                  {c.revertOf ? t('runtime.aRevert') : ''}
                </span>
                {canAct ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t('runtime.revertLabel', { key: c.key, scope: c.scopeLabel, value: show(c.from) })}
                    onClick={() => act({ kind: 'revert', changeId: c.id })}
                  >
                    {t('runtime.revert')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {dialog}
    </div>
  )
}

function SetFlagForm({
  busy,
  error,
  onSubmit,
}: {
  busy: boolean
  /** The last change's refusal: a field the server refused is said under the form (decision 064). */
  error: unknown
  onSubmit: (input: { key: FlagKey; scope: FlagScope; scopeId?: string; value: FlagValue | null; reason: string }) => void
}) {
  const { t } = useTranslation()
  const [key, setKey] = useState<FlagKey>('ai.loop.kill_switch')
  const [scope, setScope] = useState<FlagScope>('global')
  const [scopeId, setScopeId] = useState('')
  const [value, setValue] = useState('true')
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const server = useCommonText().fields(error)
  const refused = [server.value?.[0], server.scope?.[0], server.scopeId?.[0]].filter((m) => m !== undefined)
  const d = flagDefinition(key)
  return (
    <form
      className="stack"
      aria-label={t('runtime.changeFlag')}
      onSubmit={(e) => {
        e.preventDefault()
        const parsed: FlagValue | null = value === 'unset' ? null : d.type === 'boolean' ? value === 'true' : Number(value)
        const rule = parsed === null ? null : flagValueRule(key, parsed)
        // The form's own check words the rule as the server's refusal would (decision 064).
        const p = rule ? t(`serverErrors.rule.${rule.key}`, { ...rule.vars }) : null
        setProblem(p)
        if (p) return
        onSubmit({ key, scope, ...(scope === 'global' ? {} : { scopeId }), value: parsed, reason })
      }}
    >
      <div className="row wrap">
        <div className="field">
          <label htmlFor="flag-key">{t('runtime.flag')}</label>
          <select
            id="flag-key"
            value={key}
            onChange={(e) => {
              const next = FLAG_DEFINITIONS.find((f) => f.key === e.target.value)
              if (!next) return
              setKey(next.key)
              setValue(next.type === 'boolean' ? 'true' : String(next.default))
              if (!(next.scopes as readonly FlagScope[]).includes(scope)) setScope('global')
            }}
          >
            {FLAG_DEFINITIONS.map((f) => (
              <option key={f.key} value={f.key}>
                {f.key}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="flag-scope">{t('runtime.scope')}</label>
          <select id="flag-scope" value={scope} onChange={(e) => setScope(e.target.value as FlagScope)}>
            {d.scopes.map((s) => (
              <option key={s} value={s}>
                {s === 'company' ? t('runtime.scopeCompany') : s}
              </option>
            ))}
          </select>
        </div>
        {scope !== 'global' ? (
          <div className="field">
            <label htmlFor="flag-scope-id">{scope === 'channel' ? t('runtime.channel') : t('runtime.exocorpSlug')}</label>
            <input id="flag-scope-id" required value={scopeId} maxLength={100} onChange={(e) => setScopeId(e.target.value)} />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="flag-value">{t('runtime.value')}</label>
          {d.type === 'boolean' ? (
            <select id="flag-value" value={value} onChange={(e) => setValue(e.target.value)}>
              <option value="true">{t('runtime.on')}</option>
              <option value="false">{t('runtime.off')}</option>
              <option value="unset">{t('runtime.unset')}</option>
            </select>
          ) : (
            <input id="flag-value" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />
          )}
        </div>
      </div>
      <div className="field">
        <label htmlFor="flag-reason">{t('runtime.reason')}</label>
        <input
          id="flag-reason"
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      {problem ? <p className="field-error">{problem}</p> : null}
      {problem
        ? null
        : refused.map((m) => (
            <p key={m} className="field-error">
              {m}
            </p>
          ))}
      <div>
        <Button type="submit" variant="primary" busy={busy}>
          {t('runtime.apply')}
        </Button>
      </div>
    </form>
  )
}
