import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { Link } from 'react-router'
import type { Provider } from '@exocorp/shared/companies'
import { Badge } from '@/components/ui/badge'
import { notifySuccess } from '@/components/ui/toast'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { useBindProvider } from '../api/bind-provider'
import { companyQueries } from '../api/queries'

export interface SecretOption {
  id: string
  provider: Provider
  label: string
  last4: string
}

/** Runtime readiness: required vs optional providers, missing ones called out, bound from right here. */
export function ReadinessPanel({
  companyId,
  readOnly = false,
  secrets,
  credentialsHref,
  onBound,
}: {
  companyId: string
  /** A destroyed exocorp: bindings are shown, never changed. */
  readOnly?: boolean
  secrets: SecretOption[]
  credentialsHref: string
  onBound: () => void
}) {
  const bindings = useQuery(companyQueries.bindings(companyId))
  const bind = useBindProvider(companyId)
  const baseId = useId()
  return (
    <section className="card stack span-all" aria-labelledby="readiness-heading">
      <div className="row wrap">
        <h2 id="readiness-heading">Runtime readiness</h2>
        {bindings.data ? (
          <span className="muted">
            {bindings.data.coverage.configured} of {bindings.data.coverage.total} providers configured
          </span>
        ) : null}
      </div>
      {bindings.isPending ? (
        <Skeleton label="Loading credentials" variant="table" />
      ) : bindings.isError ? (
        <ErrorMessage error={bindings.error} />
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table table-stack">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Need</th>
                <th scope="col">Credential</th>
              </tr>
            </thead>
            <tbody>
              {bindings.data.items.map((b) => {
                const options = secrets.filter((s) => s.provider === b.provider)
                const selectId = `${baseId}-${b.provider}`
                return (
                  <tr key={b.provider}>
                    <th scope="row">{b.provider}</th>
                    <td data-label="Need">
                      {b.required ? (
                        <Badge tone={b.secretId ? 'ok' : 'bad'}>{b.secretId ? 'Required' : 'Required · missing'}</Badge>
                      ) : (
                        <Badge>Optional</Badge>
                      )}
                      {b.revoked ? (
                        <p className="field-error">
                          “{b.revoked.label}” (…{b.revoked.last4}) was revoked by the platform: {b.revoked.reason}. Bind another.
                        </p>
                      ) : null}
                    </td>
                    <td data-label="Credential">
                      <label htmlFor={selectId} className="visually-hidden">
                        Credential for {b.provider}
                      </label>
                      <select
                        id={selectId}
                        value={b.secretId ?? ''}
                        disabled={readOnly || bind.isPending}
                        onChange={(e) => {
                          const secretId = e.target.value || null
                          const picked = options.find((s) => s.id === secretId)
                          bind.mutate(
                            { provider: b.provider, secretId, ...(picked ? { shown: picked } : {}) },
                            {
                              onSuccess: () => {
                                onBound()
                                const label = options.find((s) => s.id === secretId)?.label
                                notifySuccess(
                                  secretId
                                    ? `${label ?? 'Credential'} bound to ${b.provider}`
                                    : `${b.provider} credential unbound`,
                                )
                              },
                            },
                          )
                        }}
                      >
                        <option value="">{options.length ? 'Not bound' : 'No credential yet'}</option>
                        {options.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.label} (…{s.last4})
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <ErrorMessage error={bind.error} title="Could not bind." />
      <p className="small">
        <Link to={credentialsHref}>Manage provider credentials</Link>
      </p>
    </section>
  )
}
