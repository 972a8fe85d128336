import { useState } from 'react'
import { CompanyStatusSchema, HealthSchema, ReleaseChannelSchema, type AdminCompanyQuery } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { STATUS_LABEL } from '@/lib/lifecycle-labels'
import { HEALTH_LABEL } from './format'

export type CompanyFilterValues = Pick<AdminCompanyQuery, 'q' | 'status' | 'channel' | 'health'>

interface Props {
  value: CompanyFilterValues
  onChange: (next: CompanyFilterValues) => void
}

/** Search applies on submit; the selects apply at once. The route keeps all of it in the URL. */
export function CompanyFilters({ value, onChange }: Props) {
  const [q, setQ] = useState(value.q ?? '')
  const [lastQ, setLastQ] = useState(value.q)
  // Follow the URL when it changes underneath (back button, cleared filters).
  if (lastQ !== value.q) {
    setLastQ(value.q)
    setQ(value.q ?? '')
  }
  const hasFilters = Boolean(value.q || value.status || value.channel || value.health)
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter exocorps"
      onSubmit={(e) => {
        e.preventDefault()
        onChange({ ...value, q: q.trim() || undefined })
      }}
    >
      <div className="field">
        <label htmlFor="company-q">Search</label>
        <input id="company-q" type="search" placeholder="Name, slug or owner" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="company-status">Status</label>
        <select
          id="company-status"
          value={value.status ?? ''}
          onChange={(e) => onChange({ ...value, status: CompanyStatusSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any</option>
          {CompanyStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="company-health">Health</label>
        <select
          id="company-health"
          value={value.health ?? ''}
          onChange={(e) => onChange({ ...value, health: HealthSchema.safeParse(e.target.value).data })}
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
        <label htmlFor="company-channel">Channel</label>
        <select
          id="company-channel"
          value={value.channel ?? ''}
          onChange={(e) => onChange({ ...value, channel: ReleaseChannelSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any</option>
          {ReleaseChannelSchema.options.map((c) => (
            <option key={c} value={c}>
              {c}
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
            onChange({})
          }}
        >
          Clear filters
        </Button>
      ) : null}
    </form>
  )
}
