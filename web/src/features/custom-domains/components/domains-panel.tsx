import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { CustomDomain, CustomDomainState } from '@exocorp/shared/domains'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useCustomDomainActions } from '../api/mutations'
import { customDomainQueries } from '../api/queries'

const TONE: Record<CustomDomainState, BadgeTone> = { pending: 'info', verified: 'info', active: 'ok', failed: 'bad' }
const LABEL: Record<CustomDomainState, string> = { pending: 'Pending', verified: 'Verified', active: 'Active', failed: 'Failed' }

/** The owner's custom domains of one exocorp (decision 042): add, the DNS records to create, check, remove. */
export function CustomDomainsPanel({ companyId }: { companyId: string }) {
  const list = useQuery(customDomainQueries.list(companyId))
  const { add, check, remove } = useCustomDomainActions(companyId)
  const [domain, setDomain] = useState('')
  const fieldError = isApiError(add.error) ? add.error.fieldErrors.domain?.[0] : undefined

  return (
    <section className="card stack" aria-labelledby="domains-title">
      <h2 id="domains-title">Custom domains</h2>
      <p className="muted">
        Serve this exocorp’s app at your own host name. Prove the domain is yours with a TXT record, point it here with a CNAME,
        then check it: it goes live once DNS is verified and the exocorp is running and healthy. TLS is terminated by the front
        proxy (your load balancer or CDN), not by the platform.
      </p>
      <form
        className="stack"
        aria-label="Add a domain"
        onSubmit={(e) => {
          e.preventDefault()
          add.mutate(domain, { onSuccess: () => setDomain('') })
        }}
      >
        <Field
          label="Domain"
          placeholder="agents.example.com"
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
          error={fieldError}
        />
        <div>
          <Button type="submit" variant="primary" disabled={add.isPending || !domain.trim()}>
            Add domain
          </Button>
        </div>
        {add.isError && !fieldError ? <ErrorMessage error={add.error} /> : null}
      </form>
      {list.isPending ? (
        <Skeleton label="Loading domains" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No custom domains yet.</p>
      ) : (
        <ul className="plain-list stack" aria-label="Custom domains">
          {list.data.items.map((d) => (
            <DomainItem
              key={d.id}
              domain={d}
              busy={check.isPending || remove.isPending}
              onCheck={() => check.mutate(d.id)}
              onRemove={() => remove.mutate(d.id)}
            />
          ))}
        </ul>
      )}
      {check.isError ? <ErrorMessage error={check.error} /> : null}
      {remove.isError ? <ErrorMessage error={remove.error} /> : null}
    </section>
  )
}

function DomainItem({
  domain: d,
  busy,
  onCheck,
  onRemove,
}: {
  domain: CustomDomain
  busy: boolean
  onCheck: () => void
  onRemove: () => void
}) {
  return (
    <li className="card stack" aria-label={d.domain}>
      <div className="row spread">
        <strong>{d.domain}</strong>
        <span data-testid="domain-state">
          <Badge tone={TONE[d.state]}>{LABEL[d.state]}</Badge>
        </span>
      </div>
      {d.reason ? <p className={d.state === 'failed' ? 'field-error' : 'muted'}>{d.reason}</p> : null}
      {d.state === 'active' ? (
        <p>
          Live at <code>{d.domain}</code> since <RelativeTime iso={d.activatedAt ?? d.createdAt} />.
        </p>
      ) : null}
      <div className="table-wrap" tabIndex={0}>
        <table className="table" aria-label={`DNS records for ${d.domain}`}>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>TXT</td>
              <td>
                <code>{d.challenge.name}</code>
              </td>
              <td>
                <code className="pre-wrap">{d.challenge.value}</code>{' '}
                <CopyButton text={d.challenge.value} label="Copy" what="TXT value" />
              </td>
            </tr>
            <tr>
              <td>CNAME</td>
              <td>
                <code>{d.domain}</code>
              </td>
              <td>
                <code>{d.routing.cnameTarget}</code>
                {d.routing.addresses.length ? <span className="muted"> (or A: {d.routing.addresses.join(', ')})</span> : null}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="muted">
        {d.checkedAt ? (
          <>
            Last checked <RelativeTime iso={d.checkedAt} />; checked again every few minutes.
          </>
        ) : (
          'Not checked yet.'
        )}
      </p>
      <div className="row">
        <Button type="button" disabled={busy} onClick={onCheck}>
          Check now
        </Button>
        <Button type="button" variant="danger" disabled={busy} onClick={onRemove}>
          Remove
        </Button>
      </div>
    </li>
  )
}
