import { useState } from 'react'
import { CompanyStatusSchema, HealthSchema, ReleaseChannelSchema, type MyCompanyQuery } from '@exocorp/shared/companies'
import { MembershipRoleSchema } from '@exocorp/shared/teams'
import { Button } from '@/components/ui/button'
import { STATUS_LABEL } from '@/lib/lifecycle-labels'
import { HEALTH_LABEL } from './format'

export type FleetFilterValues = Pick<MyCompanyQuery, 'q' | 'status' | 'channel' | 'health' | 'role'> & {
  sort: MyCompanyQuery['sort']
  order: MyCompanyQuery['order']
}

/** Sort choices for the cards view (the table also sorts from its headers). */
const SORTS: { value: string; label: string; sort: MyCompanyQuery['sort']; order: MyCompanyQuery['order'] }[] = [
  { value: 'name:asc', label: 'Name, A to Z', sort: 'name', order: 'asc' },
  { value: 'name:desc', label: 'Name, Z to A', sort: 'name', order: 'desc' },
  { value: 'updatedAt:desc', label: 'Recently updated', sort: 'updatedAt', order: 'desc' },
  { value: 'createdAt:desc', label: 'Newest first', sort: 'createdAt', order: 'desc' },
  { value: 'createdAt:asc', label: 'Oldest first', sort: 'createdAt', order: 'asc' },
  { value: 'status:asc', label: 'Status', sort: 'status', order: 'asc' },
]

interface Props {
  value: FleetFilterValues
  onChange: (next: Partial<FleetFilterValues>) => void
  onClear: () => void
}

/** Search applies on submit; the selects apply at once. The dashboard keeps all of it in the URL. */
export function FleetFilters({ value, onChange, onClear }: Props) {
  const [q, setQ] = useState(value.q ?? '')
  const [lastQ, setLastQ] = useState(value.q)
  // Follow the URL when it changes underneath (back button, cleared filters).
  if (lastQ !== value.q) {
    setLastQ(value.q)
    setQ(value.q ?? '')
  }
  const hasFilters = Boolean(value.q || value.status || value.channel || value.health || value.role)
  const sortValue = `${value.sort}:${value.order}`
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter your exocorps"
      onSubmit={(e) => {
        e.preventDefault()
        onChange({ q: q.trim() || undefined })
      }}
    >
      <div className="field">
        <label htmlFor="fleet-q">Search</label>
        <input id="fleet-q" type="search" placeholder="Name or slug" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="fleet-status">Status</label>
        <select
          id="fleet-status"
          value={value.status ?? ''}
          onChange={(e) => onChange({ status: CompanyStatusSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any</option>
          {CompanyStatusSchema.options
            .filter((s) => s !== 'destroyed')
            .map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fleet-health">Health</label>
        <select
          id="fleet-health"
          value={value.health ?? ''}
          onChange={(e) => onChange({ health: HealthSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any</option>
          {HealthSchema.options.map((h) => (
            <option key={h} value={h}>
              {HEALTH_LABEL[h]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fleet-channel">Channel</label>
        <select
          id="fleet-channel"
          value={value.channel ?? ''}
          onChange={(e) => onChange({ channel: ReleaseChannelSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any</option>
          {ReleaseChannelSchema.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fleet-role">Your role</label>
        <select
          id="fleet-role"
          value={value.role ?? ''}
          onChange={(e) => onChange({ role: MembershipRoleSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any</option>
          <option value="owner">Owner (yours)</option>
          <option value="member">Member (shared with you)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="fleet-sort">Sort by</label>
        <select
          id="fleet-sort"
          value={SORTS.some((s) => s.value === sortValue) ? sortValue : ''}
          onChange={(e) => {
            const choice = SORTS.find((s) => s.value === e.target.value)
            if (choice) onChange({ sort: choice.sort, order: choice.order })
          }}
        >
          {SORTS.some((s) => s.value === sortValue) ? null : <option value="">Custom</option>}
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit">Search</Button>
      {hasFilters ? (
        <Button
          variant="ghost"
          onClick={() => {
            setQ('')
            onClear()
          }}
        >
          Clear filters
        </Button>
      ) : null}
    </form>
  )
}
