import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import {
  BroadcastSegmentSchema,
  BroadcastSeveritySchema,
  type BroadcastSegment,
  type BroadcastSeverity,
  type BroadcastState,
} from '@exocorp/shared/platform-ops'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminOperationQueries } from '@/features/admin-operations/api/queries'
import { useOperationAction } from '@/features/admin-operations/api/mutations'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { SelectField } from '@/components/ui/select-field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { useSteppedAction } from '@/components/stepped-action'
import { useDateEcho } from '@/components/admin-date-echo'
import { useCommonText } from '@/lib/i18n/common-text'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

// Decision 043's screens: broadcasts and the newsletter export, platform skill documents, and a
// user's provider credentials with BYOK revoke. Loaded in their own chunk.

const STATE_TONE: Record<BroadcastState, BadgeTone> = { scheduled: 'neutral', live: 'ok', ended: 'neutral', cancelled: 'warn' }

/** One action at a time, retried after the step-up dialog when the server asks for it. */
function useOperationStep(actionLabel: string) {
  const action = useOperationAction()
  const { act, stepUp, dialog } = useSteppedAction(action, { actionLabel, reauthenticate })
  const fields = useCommonText().fields(action.error)
  const otherError = action.isError && !stepUp && !Object.keys(fields).length ? <ErrorMessage error={action.error} /> : null
  return { action, act, dialog, fields, otherError }
}

const useCanAct = () => useQuery(authQueries.me()).data?.isPlatformOwner === true

/** A `datetime-local` value (the viewer's time zone) as an ISO instant. */
const toIso = (local: string) => new Date(local).toISOString()

/** `/admin/broadcasts`: messages to all users or a segment, and the newsletter export. */
export function AdminBroadcastsPage() {
  const { t } = useTranslation()
  usePageTitle(t('broadcasts.title'))
  const canAct = useCanAct()
  const list = useQuery(adminOperationQueries.broadcasts())
  const newsletter = useQuery(adminOperationQueries.newsletter())
  const { action, act, dialog, fields, otherError } = useOperationStep(t('broadcasts.stepUp'))
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [segment, setSegment] = useState<BroadcastSegment>('all')
  const [severity, setSeverity] = useState<BroadcastSeverity>('info')
  const [startsAt, setStartsAt] = useState('')
  const echo = useDateEcho()
  const [endsAt, setEndsAt] = useState('')
  const [exported, setExported] = useState<number | null>(null)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    act(
      {
        kind: 'broadcast',
        input: {
          title,
          body,
          segment,
          severity,
          ...(startsAt ? { startsAt: toIso(startsAt) } : {}),
          endsAt: endsAt ? toIso(endsAt) : '',
        },
      },
      () => {
        setTitle('')
        setBody('')
      },
    )
  }

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="broadcasts-title">
        <h2 id="broadcasts-title">{t('broadcasts.title')}</h2>
        <p className="muted">{t('broadcasts.help')}</p>
        {list.isPending ? (
          <Skeleton label={t('broadcasts.loading')} />
        ) : list.isError ? (
          <ErrorMessage error={list.error} />
        ) : list.data.items.length === 0 ? (
          <p className="muted">{t('broadcasts.none')}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label={t('broadcasts.caption')}>
              <thead>
                <tr>
                  <th scope="col">{t('broadcasts.message')}</th>
                  <th scope="col">{t('broadcasts.segment')}</th>
                  <th scope="col">{t('broadcasts.state')}</th>
                  <th scope="col">{t('broadcasts.window')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('broadcasts.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">
                      {b.title}
                      <div className="muted">{b.body}</div>
                    </th>
                    <td>
                      {t(`broadcasts.segment_${b.segment}`)}
                      {b.recipients !== null ? (
                        <div className="muted">{t('broadcasts.notified', { n: b.recipients })}</div>
                      ) : null}
                    </td>
                    <td>
                      <Badge tone={STATE_TONE[b.state]}>{t(`broadcasts.state_${b.state}`)}</Badge>
                    </td>
                    <td>
                      <RelativeTime iso={b.startsAt} /> → <RelativeTime iso={b.endsAt} />
                    </td>
                    <td>
                      {canAct && (b.state === 'live' || b.state === 'scheduled') ? (
                        <Button
                          size="sm"
                          onClick={() => act({ kind: 'cancelBroadcast', id: b.id })}
                          disabled={action.isPending}
                          aria-label={t('broadcasts.cancelLabel', { title: b.title })}
                        >
                          {t('broadcasts.cancel')}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canAct ? (
          <form className="stack" aria-label={t('broadcasts.newBroadcast')} onSubmit={submit}>
            <h3>{t('broadcasts.newBroadcast')}</h3>
            <Field
              label={t('broadcasts.titleField')}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={fields.title?.[0]}
              required
            />
            <div className="field">
              <label htmlFor="op-field-1">{t('broadcasts.message')}</label>
              <textarea id="op-field-1" value={body} onChange={(e) => setBody(e.target.value)} required rows={3} />
              {fields.body?.[0] ? <span className="field-error">{fields.body[0]}</span> : null}
            </div>
            <SelectField
              id="op-field-2"
              label={t('broadcasts.segment')}
              value={segment}
              options={BroadcastSegmentSchema.options}
              optionLabel={(v) => t(`broadcasts.segment_${v}`)}
              onChange={setSegment}
            />
            <SelectField
              id="op-field-3"
              label={t('broadcasts.severity')}
              value={severity}
              options={BroadcastSeveritySchema.options}
              optionLabel={(v) => t(`broadcasts.severity_${v}`)}
              onChange={setSeverity}
            />
            <Field
              label={t('broadcasts.starts')}
              type="datetime-local"
              hint={echo(startsAt, 'datetime-local') ?? t('broadcasts.startsHint')}
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
              error={fields.startsAt?.[0]}
            />
            <Field
              label={t('broadcasts.ends')}
              type="datetime-local"
              hint={echo(endsAt, 'datetime-local')}
              value={endsAt}
              onChange={(e) => setEndsAt(e.target.value)}
              error={fields.endsAt?.[0]}
              required
            />
            <div>
              <Button type="submit" variant="primary" disabled={action.isPending}>
                {t('broadcasts.broadcast')}
              </Button>
            </div>
          </form>
        ) : (
          <p className="muted">{t('broadcasts.ownerOnly')}</p>
        )}
        {otherError}
      </section>

      <section className="card stack" aria-labelledby="newsletter-title">
        <h2 id="newsletter-title">{t('broadcasts.newsletter')}</h2>
        {newsletter.isPending ? (
          <Skeleton label={t('broadcasts.loadingNewsletter')} />
        ) : newsletter.isError ? (
          <ErrorMessage error={newsletter.error} />
        ) : (
          <p data-testid="newsletter-subscribers">{t('broadcasts.subscribers', { count: newsletter.data.subscribers })}</p>
        )}
        {canAct ? (
          <div>
            <Button
              onClick={() =>
                act({ kind: 'exportNewsletter' }, () => {
                  setExported((n) => (n ?? 0) + 1)
                })
              }
              disabled={action.isPending}
            >
              {t('broadcasts.export')}
            </Button>
          </div>
        ) : null}
        {exported !== null ? <p role="status">{t('broadcasts.exported')}</p> : null}
      </section>
      {dialog}
    </div>
  )
}

/** `/admin/skills`: the skill documents served to agents, with versions and delete. */
export function AdminSkillsPage() {
  const { t } = useTranslation()
  usePageTitle(t('skills.title'))
  const canAct = useCanAct()
  const list = useQuery(adminOperationQueries.skills())
  const [selected, setSelected] = useState<string | null>(null)
  const { action, act, dialog, fields, otherError } = useOperationStep(t('skills.stepUp'))
  const [slug, setSlug] = useState('')
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="skills-title">
        <h2 id="skills-title">{t('skills.title')}</h2>
        <p className="muted">
          {t('skills.servedAt')} <code>/skills/&lt;name&gt;.md</code>
          {t('skills.servedAfter')}
        </p>
        {list.isPending ? (
          <Skeleton label={t('skills.loading')} />
        ) : list.isError ? (
          <ErrorMessage error={list.error} />
        ) : list.data.items.length === 0 ? (
          <p className="muted">{t('skills.none')}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label={t('skills.caption')}>
              <thead>
                <tr>
                  <th scope="col">{t('skills.document')}</th>
                  <th scope="col">{t('skills.version')}</th>
                  <th scope="col">{t('skills.updated')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('skills.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => (
                  <tr key={d.slug}>
                    <th scope="row">
                      <button type="button" className="link-button" onClick={() => setSelected(d.slug)}>
                        {d.title}
                      </button>
                      <div className="muted">
                        <code>{d.path}</code>
                      </div>
                    </th>
                    <td>{d.deletedAt ? <Badge tone="warn">{t('skills.deleted')}</Badge> : `v${d.currentVersion}`}</td>
                    <td>
                      <RelativeTime iso={d.updatedAt} />
                    </td>
                    <td>
                      {canAct && !d.deletedAt ? (
                        <Button
                          size="sm"
                          variant="danger"
                          disabled={action.isPending}
                          aria-label={t('skills.deleteLabel', { path: d.path })}
                          onClick={() => act({ kind: 'deleteSkill', slug: d.slug })}
                        >
                          {t('skills.delete')}
                        </Button>
                      ) : null}
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
            aria-label={t('skills.publishForm')}
            onSubmit={(e) => {
              e.preventDefault()
              act({ kind: 'saveSkill', slug, input: { title, body } }, () => setSelected(slug))
            }}
          >
            <h3>{t('skills.publishForm')}</h3>
            <Field
              label={t('skills.name')}
              hint={t('skills.nameHint')}
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              error={fields.slug?.[0]}
              required
            />
            <Field
              label={t('skills.titleField')}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={fields.title?.[0]}
              required
            />
            <div className="field">
              <label htmlFor="op-field-4">{t('skills.body')}</label>
              <textarea id="op-field-4" value={body} onChange={(e) => setBody(e.target.value)} rows={8} required />
              {fields.body?.[0] ? <span className="field-error">{fields.body[0]}</span> : null}
            </div>
            <div>
              <Button type="submit" variant="primary" disabled={action.isPending}>
                {t('skills.publish')}
              </Button>
            </div>
          </form>
        ) : (
          <p className="muted">{t('skills.ownerOnly')}</p>
        )}
        {otherError}
      </section>
      {selected ? <SkillVersions slug={selected} /> : null}
      {dialog}
    </div>
  )
}

function SkillVersions({ slug }: { slug: string }) {
  const { t } = useTranslation()
  const detail = useQuery(adminOperationQueries.skill(slug))
  if (detail.isPending) return <Skeleton label={t('skills.loadingVersions')} />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  return (
    <section className="card stack" aria-labelledby="skill-versions-title">
      <h2 id="skill-versions-title">{t('skills.versionsOf', { title: detail.data.document.title })}</h2>
      <ol className="plain-list stack" aria-label={t('skills.versions')}>
        {detail.data.versions.map((v) => (
          <li key={v.version}>
            <strong>{t('skills.versionN', { n: v.version })}</strong> {t('skills.by', { who: v.createdBy })}{' '}
            <RelativeTime iso={v.createdAt} />
            <pre className="pre-wrap">{v.body}</pre>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** On a user's admin page: their provider credentials (never a value) and BYOK revoke. */
export function AdminUserCredentials() {
  const { t } = useTranslation()
  const { userId = '' } = useParams()
  const canAct = useCanAct()
  const list = useQuery(adminOperationQueries.credentials(userId))
  const [revoking, setRevoking] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const { action, act, dialog, fields, otherError } = useOperationStep(t('credentials.stepUp'))
  if (list.isPending) return <Skeleton label={t('credentials.loading')} />
  if (list.isError) return <ErrorMessage error={list.error} />
  return (
    <section className="card stack" aria-labelledby="user-credentials-title">
      <h2 id="user-credentials-title">{t('credentials.title')}</h2>
      {list.data.items.length === 0 ? (
        <p className="muted">{t('credentials.none')}</p>
      ) : (
        <ul className="plain-list stack" aria-label={t('credentials.list')}>
          {list.data.items.map((s) => (
            <li key={s.id}>
              <strong>
                {s.provider} · {s.label}
              </strong>{' '}
              <span className="muted">
                …{s.last4} · {t('credentials.usedBy', { count: s.boundCompanies })}
              </span>{' '}
              {canAct && revoking !== s.id ? (
                <Button
                  size="sm"
                  variant="danger"
                  onClick={() => setRevoking(s.id)}
                  aria-label={t('credentials.revokeLabel', { label: s.label })}
                >
                  {t('credentials.revoke')}
                </Button>
              ) : null}
              {revoking === s.id ? (
                <form
                  className="stack"
                  aria-label={t('credentials.revokeLabel', { label: s.label })}
                  onSubmit={(e) => {
                    e.preventDefault()
                    act({ kind: 'revoke', secretId: s.id, reason }, () => {
                      setRevoking(null)
                      setReason('')
                    })
                  }}
                >
                  <p className="alert alert-warn">{t('credentials.warning')}</p>
                  <Field
                    label={t('credentials.reason')}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    error={fields.reason?.[0]}
                    required
                  />
                  <div className="row">
                    <Button type="submit" variant="danger" disabled={action.isPending}>
                      {t('credentials.revokeCredential')}
                    </Button>
                    <Button type="button" onClick={() => setRevoking(null)}>
                      {t('credentials.keep')}
                    </Button>
                  </div>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {list.data.revocations.length > 0 ? (
        <>
          <h3>{t('credentials.revoked')}</h3>
          <ul className="plain-list stack" aria-label={t('credentials.revokedList')}>
            {list.data.revocations.map((r) => (
              <li key={r.id}>
                {r.provider} · {r.label} (…{r.last4}) — {r.reason} <RelativeTime iso={r.revokedAt} />
                {r.affectedCompanies.length ? (
                  <div className="muted">
                    {t('credentials.affected')}{' '}
                    {r.affectedCompanies.map((c, i) => (
                      <span key={c.id}>
                        {i ? ', ' : ''}
                        <Link to={paths.adminCompany(c.id)}>{c.name}</Link>
                      </span>
                    ))}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {otherError}
      {dialog}
    </section>
  )
}
