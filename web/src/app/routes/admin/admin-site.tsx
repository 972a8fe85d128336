import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { AdminNotificationQuerySchema } from '@exocorp/shared/admin-notifications'
import type { SitePage, SitePageDetail, SitePageStatus } from '@exocorp/shared/site'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminNotificationQueries } from '@/features/admin-notifications/api/queries'
import { adminSiteQueries } from '@/features/admin-site/api/queries'
import { useSiteAction, type SiteAction } from '@/features/admin-site/api/mutations'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { ReauthDialog } from '@/components/reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

const STATUS_TONE: Record<SitePageStatus, BadgeTone> = { draft: 'neutral', published: 'ok', archived: 'warn' }
const STATUS_LABEL: Record<SitePageStatus, string> = { draft: 'Draft', published: 'Published', archived: 'Archived' }

/** One CMS mutation at a time, retried after the step-up dialog when the server asks for it. */
function useSteppedAction() {
  const action = useSiteAction()
  // The action and what follows it, so the retry after the step-up continues the same way.
  const [pending, setPending] = useState<{ a: SiteAction; onDone?: ((page: SitePage) => void) | undefined } | null>(null)
  const act = (a: SiteAction, onDone?: (page: SitePage) => void) => {
    setPending({ a, onDone })
    action.mutate(a, { onSuccess: (page) => onDone?.(page) })
  }
  const stepUp = isApiError(action.error) && action.error.code === 'reauth_required'
  const dialog = (
    <ReauthDialog
      open={stepUp}
      onCancel={() => action.reset()}
      reauthenticate={reauthenticate}
      onConfirmed={() => {
        if (pending) act(pending.a, pending.onDone)
      }}
      actionLabel="Changing the public site"
    />
  )
  return { action, act, dialog, stepUp }
}

function SiteStatus({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <p className="alert alert-info">
      The public site is on: published pages are served at their paths and listed in /sitemap.xml.
    </p>
  ) : (
    <p className="alert alert-warn">
      The public site is off: published pages answer 404 and the sitemap is empty until the flag <code>site.cms_enabled</code> is
      turned on in <Link to={paths.adminRuntime()}>Runtime</Link>.
    </p>
  )
}

/** `/admin/site/pages`: the marketing pages of the public site (seed 003) and the admin notifications queue. */
export function AdminSitePagesPage() {
  usePageTitle('Site pages')
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const pages = useQuery(adminSiteQueries.pages())
  // Inquiries from the public site, in the admin notifications queue (notifications mode of /admin/feedback).
  const notifications = useQuery(
    adminNotificationQueries.list(AdminNotificationQuerySchema.parse({ kind: 'enterprise_inquiry', limit: 10 })),
  )
  const { action, act, dialog, stepUp } = useSteppedAction()
  const navigate = useNavigate()
  const [slug, setSlug] = useState('')
  const [title, setTitle] = useState('')
  const fields = isApiError(action.error) ? action.error.fieldErrors : {}

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="site-pages-title">
        <h2 id="site-pages-title">Pages</h2>
        {pages.isPending ? (
          <Skeleton label="Loading pages" />
        ) : pages.isError ? (
          <ErrorMessage error={pages.error} />
        ) : (
          <>
            <SiteStatus enabled={pages.data.siteEnabled} />
            {pages.data.items.length === 0 ? (
              <p className="muted">No pages yet.</p>
            ) : (
              <div className="table-wrap" tabIndex={0}>
                <table className="table" aria-label="Site pages">
                  <thead>
                    <tr>
                      <th scope="col">Page</th>
                      <th scope="col">Status</th>
                      <th scope="col">Live version</th>
                      <th scope="col">Updated</th>
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
                          <Badge tone={STATUS_TONE[p.status]}>{STATUS_LABEL[p.status]}</Badge>
                          {p.hasUnpublishedChanges && p.publishedVersion !== null ? (
                            <div className="muted">Unpublished changes</div>
                          ) : null}
                        </td>
                        <td>
                          {p.publishedVersion === null ? (
                            <span className="muted">Never published</span>
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
            aria-label="New page"
            onSubmit={(e) => {
              e.preventDefault()
              act({ kind: 'create', input: { slug, title, body: `# ${title}\n` } }, (page) =>
                navigate(paths.adminSitePage(page.id)),
              )
            }}
          >
            <h3>New page</h3>
            <Field
              label="Path"
              hint="Lower-case letters, digits and dashes; served at /<path>."
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              error={fields.slug?.[0]}
              required
            />
            <Field label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={fields.title?.[0]} required />
            <div>
              <Button type="submit" variant="primary" disabled={action.isPending}>
                Create draft
              </Button>
            </div>
          </form>
        ) : (
          <p className="muted">Only a platform owner can change the site.</p>
        )}
        {action.isError && !stepUp && !Object.keys(fields).length ? <ErrorMessage error={action.error} /> : null}
      </section>

      <section className="card stack" aria-labelledby="admin-notifications-title">
        <h2 id="admin-notifications-title">Enterprise inquiries</h2>
        <p>
          <Link to={`${paths.adminFeedback()}?mode=notifications&kind=enterprise_inquiry`}>
            All of them in the notifications queue
          </Link>
        </p>
        {notifications.isPending ? (
          <Skeleton label="Loading notifications" />
        ) : notifications.isError ? (
          <ErrorMessage error={notifications.error} />
        ) : notifications.data.items.length === 0 ? (
          <p className="muted">Nothing yet. Enterprise inquiries from the public site land here.</p>
        ) : (
          <ul className="plain-list stack" aria-label="Admin notifications">
            {notifications.data.items.map((n) => (
              <li key={n.id}>
                <strong>{n.title}</strong> <RelativeTime iso={n.firstAt} />
                <p className="pre-wrap">{n.detail}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {dialog}
    </div>
  )
}

/** `/admin/site/pages/:pageId`: edit the working copy, publish, archive, revert to a version. */
export function AdminSitePagePage() {
  const { pageId = '' } = useParams()
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const detail = useQuery(adminSiteQueries.page(pageId))
  usePageTitle(detail.data ? `Site page: ${detail.data.page.title}` : 'Site page')
  if (detail.isPending) return <Skeleton label="Loading the page" />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  return <PageEditor key={`${detail.data.page.id}:${detail.data.page.updatedAt}`} detail={detail.data} canAct={canAct} />
}

function PageEditor({ detail, canAct }: { detail: SitePageDetail; canAct: boolean }) {
  const { page, versions, previewHtml } = detail
  const { action, act, dialog, stepUp } = useSteppedAction()
  const [title, setTitle] = useState(page.title)
  const [description, setDescription] = useState(page.description)
  const [body, setBody] = useState(page.body)
  const dirty = title !== page.title || description !== page.description || body !== page.body
  const fields = isApiError(action.error) ? action.error.fieldErrors : {}

  return (
    <div className="stack">
      <p>
        <Link to={paths.adminSitePages()}>← All pages</Link>
      </p>
      <section className="card stack" aria-labelledby="page-title">
        <h2 id="page-title">{page.title}</h2>
        <p>
          <Badge tone={STATUS_TONE[page.status]}>{STATUS_LABEL[page.status]}</Badge>{' '}
          <span data-testid="page-version">
            {page.publishedVersion === null ? 'Never published' : `Live: version ${page.publishedVersion}`}
          </span>
          {page.hasUnpublishedChanges && page.publishedVersion !== null ? ' · unpublished changes' : ''}
          {page.status === 'published' ? (
            <>
              {' · '}
              <a href={page.publicPath}>{page.publicPath}</a>
            </>
          ) : null}
        </p>
        <form
          className="stack"
          aria-label="Edit page"
          onSubmit={(e) => {
            e.preventDefault()
            act({ kind: 'update', id: page.id, input: { title, description, body } })
          }}
        >
          <Field
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            error={fields.title?.[0]}
            disabled={!canAct}
          />
          <Field
            label="Description"
            hint="Shown to search engines."
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={fields.description?.[0]}
            disabled={!canAct}
          />
          <div className="field">
            <label htmlFor="page-body">Body (markdown)</label>
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
                Save draft
              </Button>
              <Button
                type="button"
                variant="primary"
                disabled={dirty || action.isPending || (page.status === 'published' && !page.hasUnpublishedChanges)}
                onClick={() => act({ kind: 'publish', id: page.id })}
              >
                Publish
              </Button>
              {page.status !== 'archived' ? (
                <Button
                  type="button"
                  variant="danger"
                  disabled={action.isPending}
                  onClick={() => act({ kind: 'archive', id: page.id })}
                >
                  Archive
                </Button>
              ) : null}
            </div>
          ) : null}
          {dirty ? <p className="muted">Save the draft before publishing.</p> : null}
          {action.isError && !stepUp ? <ErrorMessage error={action.error} /> : null}
        </form>
      </section>

      <section className="card stack" aria-labelledby="preview-title">
        <h2 id="preview-title">Preview of the saved draft</h2>
        {/* Rendered and sanitised by the server (marked + sanitize-html), the same HTML the public page serves. */}
        <div className="site-preview" dangerouslySetInnerHTML={{ __html: previewHtml }} />
      </section>

      <section className="card stack" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        {versions.length === 0 ? (
          <p className="muted">Not published yet.</p>
        ) : (
          <ul className="plain-list stack" aria-label="Versions">
            {versions.map((v) => (
              <li key={v.version}>
                <strong>Version {v.version}</strong> · {v.title} · <RelativeTime iso={v.publishedAt} /> by {v.publishedBy}
                {v.revertOf !== null ? ` · revert to version ${v.revertOf}` : ''}
                {v.version === page.publishedVersion ? ' · live' : ''}
                {canAct && v.version !== page.publishedVersion ? (
                  <>
                    {' '}
                    <Button
                      type="button"
                      variant="secondary"
                      disabled={action.isPending}
                      onClick={() => act({ kind: 'revert', id: page.id, version: v.version })}
                    >
                      Revert to version {v.version}
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
