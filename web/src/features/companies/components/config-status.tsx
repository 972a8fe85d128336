import { useQuery } from '@tanstack/react-query'
import type { CompanyDetail } from '@exocorp/shared/companies'
import { companyQueries } from '../api/queries'
import { RelativeTime } from '@/components/ui/relative-time'

/** Configuration status: the saved draft, whether it differs from what runs, previous runtime, price book. */
export function ConfigStatus({ company }: { company: CompanyDetail }) {
  const draft = useQuery(companyQueries.draft(company.id))
  const deployed = company.deployedDraftVersion
  const differs = deployed !== null && deployed !== company.draftVersion
  return (
    <section className="card stack" aria-labelledby="config-heading">
      <h2 id="config-heading">Configuration</h2>
      <dl className="facts">
        <dt>Saved draft</dt>
        <dd>
          Version {company.draftVersion}
          {draft.data ? (
            <span className="muted">
              {' '}
              · saved <RelativeTime iso={draft.data.updatedAt} />
            </span>
          ) : null}
        </dd>
        <dt>Running</dt>
        <dd>
          {deployed === null
            ? 'Not provisioned yet'
            : differs
              ? `Draft version ${deployed} — the saved draft has changes that are not running yet`
              : `Draft version ${deployed} (same as saved)`}
        </dd>
        <dt>Previous runtime</dt>
        <dd>{company.previousVersion ? `Version ${company.previousVersion}` : 'None'}</dd>
        <dt>Price book</dt>
        <dd>{company.activePriceBook ? `Version ${company.activePriceBook.version}` : 'No active price book'}</dd>
        {draft.data ? (
          <>
            <dt>Agents</dt>
            <dd>{draft.data.config.agents.map((a) => a.name).join(', ') || 'None yet'}</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}
