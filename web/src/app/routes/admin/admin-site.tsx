import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { AdminNotificationQuerySchema, type AdminNotification } from '@exocorp/shared/admin-notifications'
import type { SitePageDetail, SitePageStatus } from '@exocorp/shared/site'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminNotificationQueries } from '@/features/admin-notifications/api/queries'
import { useNoticeText } from '@/features/admin-notifications/hooks/use-notice-text'
import { adminSiteQueries } from '@/features/admin-site/api/queries'
import { useSiteAction } from '@/features/admin-site/api/mutations'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { useSteppedAction } from '@/components/stepped-action'
import { useCommonText } from '@/lib/i18n/common-text'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

const STATUS_TONE: Record<SitePageStatus, BadgeTone> = { draft: 'neutral', published: 'ok', archived: 'warn' }

/** One CMS mutation at a time, retried after the step-up dialog when the server asks for it. */
function useSiteStep() {
  const { t } = useTranslation()
  const action = useSiteAction()
  return { action, ...useSteppedAction(action, { actionLabel: t('site.stepUp'), reauthenticate }) }
}

function SiteStatus({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation()
  return enabled ? (
    <p className="alert alert-info">{t('site.on')}</p>
  ) : (
    <p className="alert alert-warn">
      <Trans i18nKey="site.off" t={t} components={{ flag: <code />, runtime: <Link to={paths.adminRuntime()} /> }} />
    </p>
  )
}

/** `/admin/site/pages`: the marketing pages of the public site (seed 003) and the admin notifications queue. */
export function AdminSitePagesPage() {
  const { t } = useTranslation()
  usePageTitle(t('site.title'))
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const pages = useQuery(adminSiteQueries.pages())
  // Inquiries from the public site, in the admin notifications queue (notifications mode of /admin/feedback).
  const notifications = useQuery(
    adminNotificationQueries.list(AdminNotificationQuerySchema.parse({ kind: 'enterprise_inquiry', limit: 10 })),
  )
  const { action, act, dialog, stepUp } = useSiteStep()
  const navigate = useNavigate()
  const [slug, setSlug] = useState('')
  const [title, setTitle] = useState('')
  const fields = useCommonText().fields(action.error)

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="site-pages-title">
        <h2 id="site-pages-title">{t('site.pages')}</h2>
        {pages.isPending ? (
          <Skeleton label={t('site.loading')} />
        ) : pages.isError ? (
          <ErrorMessage error={pages.error} />
        ) : (
          <>
            <SiteStatus enabled={pages.data.siteEnabled} />
            {pages.data.items.length === 0 ? (
              <p className="muted">{t('site.none')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0}>
                <table className="table" aria-label={t('site.caption')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('site.page')}</th>
                      <th scope="col">{t('site.status')}</th>
                      <th scope="col">{t('site.liveVersion')}</th>
                      <th scope="col">{t('site.updated')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pages.data.items.map((p) => (
                      <tr key={p.id}>
                        <th scope="row">
                          <Link to={paths.adminSitePage(p.id)}>{p.title}</Link>
                          <div className="muted">
                            <code>{p.publicPath}</code>
                          </div>
                        </th>
                        <td>
                          <Badge tone={STATUS_TONE[p.status]}>{t(`site.status_${p.status}`)}</Badge>
                          {p.hasUnpublishedChanges && p.publishedVersion !== null ? (
                            <div className="muted">{t('site.unpublishedChanges')}</div>
                          ) : null}
                        </td>
                        <td>
                          {p.publishedVersion === null ? (
                            <span className="muted">{t('site.neverPublished')}</span>
                          ) : (
                            `v${p.publishedVersion}`
                          )}
                        </td>
                        <td>
                          <RelativeTime iso={p.updatedAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
        {canAct ? (
          <form
            className="stack"
            aria-label={t('site.newPage')}
            onSubmit={(e) => {
              e.preventDefault()
              act({ kind: 'create', input: { slug, title, body: `# ${title}\n` } }, (page) =>
                navigate(paths.adminSitePage(page.id)),
              )
            }}
          >
            <h3>{t('site.newPage')}</h3>
            <Field
              label={t('site.path')}
              hint={t('site.pathHint')}
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              error={fields.slug?.[0]}
              required
            />
            <Field
              label={t('site.titleField')}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={fields.title?.[0]}
              required
            />
            <div>
              <Button type="submit" variant="primary" disabled={action.isPending}>
                {t('site.createDraft')}
              </Button>
            </div>
          </form>
        ) : (
          <p className="muted">{t('site.ownerOnly')}</p>
        )}
        {action.isError && !stepUp && !Object.keys(fields).length ? <ErrorMessage error={action.error} /> : null}
      </section>

      <section className="card stack" aria-labelledby="admin-notifications-title">
        <h2 id="admin-notifications-title">{t('site.inquiries')}</h2>
        <p>
          <Link to={`${paths.adminFeedback()}?mode=notifications&kind=enterprise_inquiry`}>{t('site.allInquiries')}</Link>
        </p>
        {notifications.isPending ? (
          <Skeleton label={t('site.loadingNotifications')} />
        ) : notifications.isError ? (
          <ErrorMessage error={notifications.error} />
        ) : notifications.data.items.length === 0 ? (
          <p className="muted">{t('site.noInquiries')}</p>
        ) : (
          <ul className="plain-list stack" aria-label={t('site.notifications')}>
            {notifications.data.items.map((n) => (
              <InquiryItem key={n.id} n={n} />
            ))}
          </ul>
        )}
      </section>
      {dialog}
    </div>
  )
}

/** An enterprise inquiry: its title in the reader's language (decision 063), the visitor's words as sent. */
function InquiryItem({ n }: { n: AdminNotification }) {
  const { title, detail } = useNoticeText()(n)
  return (
    <li>
      <strong>{title}</strong> <RelativeTime iso={n.firstAt} />
      <p className="pre-wrap">{detail}</p>
    </li>
  )
}

/** `/admin/site/pages/:pageId`: edit the working copy, publish, archive, revert to a version. */
export function AdminSitePagePage() {
  const { pageId = '' } = useParams()
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const { t } = useTranslation()
  const detail = useQuery(adminSiteQueries.page(pageId))
  usePageTitle(detail.data ? t('site.pageTitle', { title: detail.data.page.title }) : t('site.sitePage'))
  if (detail.isPending) return <Skeleton label={t('site.loadingPage')} />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  return <PageEditor key={`${detail.data.page.id}:${detail.data.page.updatedAt}`} detail={detail.data} canAct={canAct} />
}

function PageEditor({ detail, canAct }: { detail: SitePageDetail; canAct: boolean }) {
  const { page, versions, previewHtml } = detail
  const { t } = useTranslation()
  const { action, act, dialog, stepUp } = useSiteStep()
  const [title, setTitle] = useState(page.title)
  const [description, setDescription] = useState(page.description)
  const [body, setBody] = useState(page.body)
  const dirty = title !== page.title || description !== page.description || body !== page.body
  const fields = useCommonText().fields(action.error)

  return (
    <div className="stack">
      <p>
        <Link to={paths.adminSitePages()}>{t('site.allPages')}</Link>
      </p>
      <section className="card stack" aria-labelledby="page-title">
        <h2 id="page-title">{page.title}</h2>
        <p>
          <Badge tone={STATUS_TONE[page.status]}>{t(`site.status_${page.status}`)}</Badge>{' '}
          <span data-testid="page-version">
            {page.publishedVersion === null ? t('site.neverPublished') : t('site.live', { n: page.publishedVersion })}
          </span>
          {page.hasUnpublishedChanges && page.publishedVersion !== null ? t('site.unpublishedSuffix') : ''}
          {page.status === 'published' ? (
            <>
              {' · '}
              <a href={page.publicPath}>{page.publicPath}</a>
            </>
          ) : null}
        </p>
        <form
          className="stack"
          aria-label={t('site.editPage')}
          onSubmit={(e) => {
            e.preventDefault()
            act({ kind: 'update', id: page.id, input: { title, description, body } })
          }}
        >
          <Field
            label={t('site.titleField')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            error={fields.title?.[0]}
            disabled={!canAct}
          />
          <Field
            label={t('site.description')}
            hint={t('site.descriptionHint')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={fields.description?.[0]}
            disabled={!canAct}
          />
          <div className="field">
            <label htmlFor="page-body">{t('site.body')}</label>
            <textarea
              id="page-body"
              rows={14}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              disabled={!canAct}
              aria-invalid={fields.body ? true : undefined}
            />
            {fields.body ? <p className="field-error">{fields.body[0]}</p> : null}
          </div>
          {canAct ? (
            <div className="row">
              <Button type="submit" disabled={!dirty || action.isPending}>
                {t('site.saveDraft')}
              </Button>
              <Button
                type="button"
                variant="primary"
                disabled={dirty || action.isPending || (page.status === 'published' && !page.hasUnpublishedChanges)}
                onClick={() => act({ kind: 'publish', id: page.id })}
              >
                {t('site.publish')}
              </Button>
              {page.status !== 'archived' ? (
                <Button
                  type="button"
                  variant="danger"
                  disabled={action.isPending}
                  onClick={() => act({ kind: 'archive', id: page.id })}
                >
                  {t('site.archive')}
                </Button>
              ) : null}
            </div>
          ) : null}
          {dirty ? <p className="muted">{t('site.saveFirst')}</p> : null}
          {action.isError && !stepUp ? <ErrorMessage error={action.error} /> : null}
        </form>
      </section>

      <section className="card stack" aria-labelledby="preview-title">
        <h2 id="preview-title">{t('site.preview')}</h2>
        {/* Rendered and sanitised by the server (marked + sanitize-html), the same HTML the public page serves. */}
        <div className="site-preview" dangerouslySetInnerHTML={{ __html: previewHtml }} />
      </section>

      <section className="card stack" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('site.versions')}</h2>
        {versions.length === 0 ? (
          <p className="muted">{t('site.notPublished')}</p>
        ) : (
          <ul className="plain-list stack" aria-label={t('site.versions')}>
            {versions.map((v) => (
              <li key={v.version}>
                <strong>{t('site.versionN', { n: v.version })}</strong> · {v.title} · <RelativeTime iso={v.publishedAt} />{' '}
                {t('site.by', { who: v.publishedBy })}
                {v.revertOf !== null ? t('site.revertOf', { n: v.revertOf }) : ''}
                {v.version === page.publishedVersion ? t('site.liveSuffix') : ''}
                {canAct && v.version !== page.publishedVersion ? (
                  <>
                    {' '}
                    <Button
                      type="button"
                      variant="secondary"
                      disabled={action.isPending}
                      onClick={() => act({ kind: 'revert', id: page.id, version: v.version })}
                    >
                      {t('site.revertTo', { n: v.version })}
                    </Button>
                  </>
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
