import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { LifecycleActionSchema } from '@exocorp/shared/companies'
import { adminAuditQueries, auditExportHref, isInvertedRange } from '@/features/admin-audit/api/queries'
import { AuditFilters, type AuditFilterValues, type AuditSuggestions } from '@/features/admin-audit/components/audit-filters'
import { AuditTable } from '@/features/admin-audit/components/audit-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { auditTargetHref } from './audit-target-href'
import { ListPager } from '@/components/ui/list-pager'
import { AUDIT_FILTER_KEYS as FILTER_KEYS, auditListQuery } from './admin-page-queries'
import { useListParams } from '@/lib/use-list-params'

/** Actions every platform has; the ones seen in the loaded page are added to the picker. */
const KNOWN_ACTIONS = [
  'auth.signup',
  'auth.login',
  'company.create',
  'company.update_settings',
  'company.bind',
  ...LifecycleActionSchema.options.map((a) => `company.${a}`),
]

export function AdminAuditPage() {
  const { t } = useTranslation()
  usePageTitle(t('audit.title'))
  const list = useListParams()
  const { query, ignored } = auditListQuery(list.params)
  const filters: AuditFilterValues = Object.fromEntries(FILTER_KEYS.map((k) => [k, query[k]]))
  const inverted = isInvertedRange(query.from, query.to)
  const events = useQuery({ ...adminAuditQueries.list(query), enabled: !inverted })
  const seen = events.data?.items ?? []
  const suggestions: AuditSuggestions = {
    actions: [...new Set([...KNOWN_ACTIONS, ...seen.map((e) => e.action)])].sort(),
    actors: [
      ...new Map(seen.filter((e) => e.actor.id).map((e) => [e.actor.id!, { id: e.actor.id!, label: e.actor.label }])).values(),
    ],
    targetTypes: [...new Set(['company', 'user', 'billing_account', ...seen.map((e) => e.target.type)])].sort(),
  }

  return (
    <div className="stack">
      <AuditFilters
        value={filters}
        onChange={(f) => list.setFilters({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k]])) })}
        suggestions={suggestions}
      />
      {inverted ? (
        <div role="alert" className="alert alert-error">
          {t('audit.inverted')}
        </div>
      ) : null}
      {ignored.length > 0 ? (
        <div role="alert" className="alert alert-warn">
          {t('audit.ignored', { names: ignored.join(', ') })}
        </div>
      ) : null}
      <div className="row">
        <span className="muted">{t('audit.export')}</span>
        <a className="btn btn-sm" href={auditExportHref('csv', filters)} download>
          {t('audit.csv')}
        </a>
        <a className="btn btn-sm" href={auditExportHref('ndjson', filters)} download>
          {t('audit.ndjson')}
        </a>
      </div>
      {inverted ? null : events.isPending ? (
        <Skeleton label={t('audit.loading')} variant="table" />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : (
        <>
          <AuditTable events={events.data.items} showDetails targetHref={auditTargetHref} />
          <ListPager
            page={list.page}
            hasPrevious={list.hasPrevious}
            nextCursor={events.data.nextCursor}
            onPrevious={list.previousPage}
            onNext={list.nextPage}
            busy={events.isPlaceholderData}
          />
        </>
      )}
    </div>
  )
}
