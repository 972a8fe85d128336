import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BillingStateSchema, LedgerEntryKindSchema, ProviderEventStatusSchema } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'

/** State select (applies at once) and owner search (applies on submit). */
export function AccountFilters({
  value,
  onChange,
}: {
  value: { state?: string; q?: string }
  onChange: (v: { state?: string; q?: string }) => void
}) {
  const { t } = useTranslation()
  const [q, setQ] = useState(value.q ?? '')
  const [lastQ, setLastQ] = useState(value.q)
  if (lastQ !== value.q) {
    setLastQ(value.q)
    setQ(value.q ?? '')
  }
  return (
    <form
      className="filters"
      role="search"
      aria-label={t('billing.filter')}
      onSubmit={(e) => {
        e.preventDefault()
        onChange({ ...value, q: q.trim() || undefined })
      }}
    >
      <div className="field">
        <label htmlFor="billing-q">{t('billing.ownerEmail')}</label>
        <input id="billing-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="billing-state">{t('billing.state')}</label>
        <select
          id="billing-state"
          value={value.state ?? ''}
          onChange={(e) => onChange({ ...value, state: e.target.value || undefined })}
        >
          <option value="">{t('billing.any')}</option>
          {BillingStateSchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`billingAccount.state_${s}`)}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit">{t('billing.search')}</Button>
    </form>
  )
}

export function LedgerKindFilter({ value, onChange }: { value?: string; onChange: (kind: string | undefined) => void }) {
  const { t } = useTranslation()
  return (
    <div className="field">
      <label htmlFor="ledger-kind">{t('billing.entryKind')}</label>
      <select id="ledger-kind" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('billing.all')}</option>
        {LedgerEntryKindSchema.options.map((k) => (
          <option key={k} value={k}>
            {t(`billingAccount.kind_${k}`)}
          </option>
        ))}
      </select>
    </div>
  )
}

export function ProviderEventStatusFilter({ value, onChange }: { value?: string; onChange: (s: string | undefined) => void }) {
  const { t } = useTranslation()
  return (
    <div className="field">
      <label htmlFor="event-status">{t('billing.status')}</label>
      <select id="event-status" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('billing.any')}</option>
        {ProviderEventStatusSchema.options.map((s) => (
          <option key={s} value={s}>
            {t(`billingPages.event_${s}`)}
          </option>
        ))}
      </select>
    </div>
  )
}
