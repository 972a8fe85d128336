import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CompanyStatusSchema, HealthSchema, ReleaseChannelSchema, type AdminCompanyQuery } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'

export type CompanyFilterValues = Pick<AdminCompanyQuery, 'q' | 'status' | 'channel' | 'health'>

interface Props {
  value: CompanyFilterValues
  onChange: (next: CompanyFilterValues) => void
}

/** Search applies on submit; the selects apply at once. The route keeps all of it in the URL. */
export function CompanyFilters({ value, onChange }: Props) {
  const { t } = useTranslation()
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
      aria-label={t('companies.filter')}
      onSubmit={(e) => {
        e.preventDefault()
        onChange({ ...value, q: q.trim() || undefined })
      }}
    >
      <div className="field">
        <label htmlFor="company-q">{t('companies.search')}</label>
        <input
          id="company-q"
          type="search"
          placeholder={t('companies.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="company-status">{t('companies.status')}</label>
        <select
          id="company-status"
          value={value.status ?? ''}
          onChange={(e) => onChange({ ...value, status: CompanyStatusSchema.safeParse(e.target.value).data })}
        >
          <option value="">{t('companies.any')}</option>
          {CompanyStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="company-health">{t('companies.health')}</label>
        <select
          id="company-health"
          value={value.health ?? ''}
          onChange={(e) => onChange({ ...value, health: HealthSchema.safeParse(e.target.value).data })}
        >
          <option value="">{t('companies.any')}</option>
          {HealthSchema.options.map((h) => (
            <option key={h} value={h}>
              {t(`health.${h}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="company-channel">{t('companies.channel')}</label>
        <select
          id="company-channel"
          value={value.channel ?? ''}
          onChange={(e) => onChange({ ...value, channel: ReleaseChannelSchema.safeParse(e.target.value).data })}
        >
          <option value="">{t('companies.any')}</option>
          {ReleaseChannelSchema.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit">{t('companies.search')}</Button>
      {hasFilters ? (
        <Button
          variant="ghost"
          onClick={() => {
            setQ('')
            onChange({})
          }}
        >
          {t('companies.clearFilters')}
        </Button>
      ) : null}
    </form>
  )
}
