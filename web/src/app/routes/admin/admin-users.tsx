import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useState } from 'react'
import { Link } from 'react-router'
import { ADMIN_USER_SORTS, AdminUserQuerySchema } from '@exocorp/shared/admin-users'
import { adminUserQueries } from '@/features/admin-users/api/queries'
import { Badge } from '@/components/ui/badge'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { usePageTitle } from '@/lib/page-title'
import { formatNumber } from '@/lib/format'
import { paths } from '../../paths'
import { ListPager } from '@/components/ui/list-pager'
import { parseListQuery, useListParams } from '@/lib/use-list-params'

/** `/admin/users` — every account; search, filters, sort and page live in the URL. */
export function AdminUsersPage() {
  const { t } = useTranslation()
  usePageTitle(t('users.title'))
  const list = useListParams()
  const { query } = parseListQuery(
    AdminUserQuerySchema,
    { q: list.get('q'), role: list.get('role'), state: list.get('state'), sort: list.get('sort'), order: list.get('order') },
    { cursor: list.cursor, limit: 50 },
  )
  const users = useQuery(adminUserQueries.list(query))
  const [q, setQ] = useState(query.q ?? '')
  return (
    <div className="stack">
      <form
        className="row wrap filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          list.setFilters({ q })
        }}
      >
        <Field label={t('users.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <div className="field">
          <label htmlFor="user-role">{t('users.role')}</label>
          <select id="user-role" value={query.role ?? ''} onChange={(e) => list.setFilters({ role: e.target.value })}>
            <option value="">{t('users.anyRole')}</option>
            <option value="user">{t('users.role_user')}</option>
            <option value="admin">{t('users.role_admin')}</option>
            <option value="platform_owner">{t('users.role_platform_owner')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-state">{t('users.state')}</label>
          <select id="user-state" value={query.state ?? ''} onChange={(e) => list.setFilters({ state: e.target.value })}>
            <option value="">{t('users.anyState')}</option>
            <option value="active">{t('users.active')}</option>
            <option value="disabled">{t('users.disabled')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-sort">{t('users.sortBy')}</label>
          <select id="user-sort" value={query.sort} onChange={(e) => list.setFilters({ sort: e.target.value })}>
            {ADMIN_USER_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`users.sort_${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-order">{t('users.order')}</label>
          <select id="user-order" value={query.order} onChange={(e) => list.setFilters({ order: e.target.value })}>
            <option value="desc">{t('users.desc')}</option>
            <option value="asc">{t('users.asc')}</option>
          </select>
        </div>
      </form>
      {users.isPending ? (
        <Skeleton label={t('users.loading')} variant="table" />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('users.created')}</th>
                  <th scope="col">{t('users.lastSignIn')}</th>
                  <th scope="col">{t('users.owned')}</th>
                  <th scope="col">{t('users.state')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      <Link to={paths.adminUser(u.id)}>{u.email}</Link>
                    </td>
                    <td>{u.name}</td>
                    <td>{t(`users.role_${u.role}`)}</td>
                    <td>
                      <RelativeTime iso={u.createdAt} />
                    </td>
                    <td>
                      {u.lastSignInAt ? <RelativeTime iso={u.lastSignInAt} /> : <span className="muted">{t('users.never')}</span>}
                    </td>
                    <td>{formatNumber(u.ownedCount)}</td>
                    <td>
                      {u.state === 'active' ? (
                        <Badge tone="ok">{t('users.active')}</Badge>
                      ) : (
                        <Badge tone="bad">{t('users.disabled')}</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {users.data.items.length === 0 ? <p className="muted">{t('users.none')}</p> : null}
          <ListPager
            page={list.page}
            hasPrevious={list.hasPrevious}
            nextCursor={users.data.nextCursor}
            onPrevious={list.previousPage}
            onNext={list.nextPage}
            busy={users.isFetching}
          />
        </>
      )}
    </div>
  )
}
