import { useQuery } from '@tanstack/react-query'
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
import { paths } from '../../paths'
import { ListPager } from '@/components/ui/list-pager'
import { parseListQuery, useListParams } from '@/lib/use-list-params'

const ROLE_LABEL = { user: 'User', admin: 'Admin', platform_owner: 'Platform owner' } as const
const SORT_LABEL = { email: 'Email', name: 'Name', role: 'Role', createdAt: 'Created', lastSignInAt: 'Last sign-in' } as const

/** `/admin/users` — every account; search, filters, sort and page live in the URL. */
export function AdminUsersPage() {
  usePageTitle('Users')
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
        <Field label="Search email or name" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" value={query.role ?? ''} onChange={(e) => list.setFilters({ role: e.target.value })}>
            <option value="">Any role</option>
            <option value="user">User</option>
            <option value="admin">Admin</option>
            <option value="platform_owner">Platform owner</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-state">State</label>
          <select id="user-state" value={query.state ?? ''} onChange={(e) => list.setFilters({ state: e.target.value })}>
            <option value="">Any state</option>
            <option value="active">Active</option>
            <option value="disabled">Disabled</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-sort">Sort by</label>
          <select id="user-sort" value={query.sort} onChange={(e) => list.setFilters({ sort: e.target.value })}>
            {ADMIN_USER_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-order">Order</label>
          <select id="user-order" value={query.order} onChange={(e) => list.setFilters({ order: e.target.value })}>
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </div>
      </form>
      {users.isPending ? (
        <Skeleton label="Loading users" variant="table" />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Exocorps owned</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      <Link to={paths.adminUser(u.id)}>{u.email}</Link>
                    </td>
                    <td>{u.name}</td>
                    <td>{ROLE_LABEL[u.role]}</td>
                    <td>
                      <RelativeTime iso={u.createdAt} />
                    </td>
                    <td>{u.lastSignInAt ? <RelativeTime iso={u.lastSignInAt} /> : <span className="muted">Never</span>}</td>
                    <td>{u.ownedCount}</td>
                    <td>{u.state === 'active' ? <Badge tone="ok">Active</Badge> : <Badge tone="bad">Disabled</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {users.data.items.length === 0 ? <p className="muted">No users match.</p> : null}
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
