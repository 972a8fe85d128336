import { useQuery } from '@tanstack/react-query'
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { Model } from '@exocorp/shared/configuration'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { isApiError } from '@/lib/api-client'
import type { AgentFields } from '../api/agent-mutations'
import { agentQueries } from '../api/queries'

/** A 409 `stale_draft`: someone saved the draft after this page read it. */
export function isStaleDraft(e: unknown) {
  return isApiError(e) && e.status === 409 && e.details?.reason === 'stale_draft'
}

/** The BFF's 400 field errors, first message per field, for showing inline. */
export function agentFieldErrors(e: unknown): Record<string, string> {
  if (!isApiError(e) || e.status !== 400) return {}
  const fields = e.details?.fields
  if (!fields || typeof fields !== 'object') return {}
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]))
}

function priceOf(m: Model) {
  if (!m.price) return ''
  return ` · $${(m.price.inputMicrosPerMTok / 1e6).toFixed(2)} in / $${(m.price.outputMicrosPerMTok / 1e6).toFixed(2)} out per 1M`
}

/** The catalog grouped by provider, each model with its context window and its price from the active price book. */
function ModelSelect({ value, error, onChange }: { value: string; error?: string; onChange: (model: string) => void }) {
  const id = useId()
  const models = useQuery(agentQueries.models())
  const items = models.data?.items ?? []
  const providers = [...new Set(items.map((m) => m.provider))]
  const picked = items.find((m) => m.id === value)
  return (
    <div className="field">
      <label htmlFor={id}>Model</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">Pick a model</option>
        {providers.map((p) => (
          <optgroup key={p} label={p}>
            {items
              .filter((m) => m.provider === p)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label} · {Math.round(m.contextWindow / 1000)}k context{priceOf(m)}
                </option>
              ))}
          </optgroup>
        ))}
        {value && !picked ? <option value={value}>{value}</option> : null}
      </select>
      <p id={`${id}-hint`} className="field-hint">
        {picked
          ? `${picked.label} runs on ${picked.provider}${models.data?.priceBook ? `, priced by price book v${models.data.priceBook.version}` : ''}.`
          : 'The model decides the provider whose credential the exocorp needs.'}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

export interface AgentFormProps {
  initial: AgentFields
  submitLabel: string
  busy: boolean
  errors: Record<string, string>
  onSubmit: (fields: AgentFields) => void
  /** Beside the submit button (cancel, delete…). */
  children?: ReactNode
}

/** Name, role and model of an agent; the BFF validates, its field errors show under each field. */
export function AgentForm({ initial, submitLabel, busy, errors, onSubmit, children }: AgentFormProps) {
  const [fields, setFields] = useState(initial)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit(fields)
  }
  return (
    <form className="stack" onSubmit={submit} aria-label={submitLabel}>
      <Field
        label="Name"
        value={fields.name}
        error={errors.name}
        onChange={(e) => setFields({ ...fields, name: e.target.value })}
      />
      <Field
        label="Role"
        value={fields.role}
        error={errors.role}
        onChange={(e) => setFields({ ...fields, role: e.target.value })}
      />
      <ModelSelect value={fields.model} error={errors.model} onChange={(model) => setFields({ ...fields, model })} />
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
        {children}
      </div>
    </form>
  )
}
