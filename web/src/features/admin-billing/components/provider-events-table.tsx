import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { ProviderEvent, ProviderEventStatus } from '@exocorp/shared/billing'
import { formatMoney, formatNumber } from '@/lib/format'
import { RelativeTime } from '@/components/ui/relative-time'
import { DataTable } from '@/components/ui/data-table'

const STATUS_TONE: Record<ProviderEventStatus, string> = { booked: 'ok', ignored: 'warn', rejected: 'bad' }

/** Every verified webhook delivery from the payment provider, by event id. */
export function ProviderEventsTable({ events, hrefFor }: { events: ProviderEvent[]; hrefFor: (accountId: string) => string }) {
  const { t } = useTranslation()
  return (
    <DataTable
      caption={t('billingPages.providerEvents')}
      columns={[
        { label: t('billingPages.received') },
        { label: t('billingPages.event') },
        { label: t('billingPages.account') },
        { label: t('billingPages.amount'), num: true },
        { label: t('billingPages.status') },
        { label: t('billingPages.deliveries') },
      ]}
    >
      {events.length === 0 ? (
        <tr>
          <td colSpan={6} className="muted">
            {t('billingPages.noEvents')}
          </td>
        </tr>
      ) : (
        events.map((e) => (
          <tr key={e.id}>
            <td>
              <RelativeTime iso={e.receivedAt} />
            </td>
            <td>
              <code>{e.type}</code>
              <br />
              <span className="muted small">
                {e.provider} · {e.eventId}
              </span>
            </td>
            <td>{e.accountId ? <Link to={hrefFor(e.accountId)}>{e.accountId}</Link> : <span className="muted">—</span>}</td>
            <td className="num">{e.amountMicros !== null ? formatMoney(e.amountMicros) : '—'}</td>
            <td>
              <span className={`badge badge-${STATUS_TONE[e.status]}`}>{t(`billingPages.event_${e.status}`)}</span>
              {e.note ? <div className="muted small">{e.note}</div> : null}
            </td>
            <td>{formatNumber(e.deliveries)}</td>
          </tr>
        ))
      )}
    </DataTable>
  )
}
