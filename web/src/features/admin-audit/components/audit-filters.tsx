import { useState } from 'react'
import { ActorTypeSchema, AuditOutcomeSchema } from '@exocorp/shared/audit'
import { Button } from '@/components/ui/button'
import type { AdminAuditFilters } from '../api/queries'

export type AuditFilterValues = Pick<
  AdminAuditFilters,
  'actorId' | 'actorType' | 'action' | 'targetType' | 'targetId' | 'outcome' | 'from' | 'to'
>

type Draft = Record<keyof AuditFilterValues, string>

/** ISO instant ↔ the `datetime-local` input's local wall-clock value. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

function toDraft(v: AuditFilterValues): Draft {
  return {
    actorId: v.actorId ?? '',
    actorType: v.actorType ?? '',
    action: v.action ?? '',
    targetType: v.targetType ?? '',
    targetId: v.targetId ?? '',
    outcome: v.outcome ?? '',
    from: toLocalInput(v.from),
    to: toLocalInput(v.to),
  }
}

const TEXT_FIELDS = [
  { key: 'action', label: 'Action', placeholder: 'e.g. company.destroy' },
  { key: 'actorId', label: 'Actor id', placeholder: 'user or client id' },
  { key: 'targetType', label: 'Target type', placeholder: 'e.g. company' },
  { key: 'targetId', label: 'Target id', placeholder: '' },
] as const

/** Every filter applies on "Apply"; the route keeps them in the URL. */
export function AuditFilters({ value, onChange }: { value: AuditFilterValues; onChange: (v: AuditFilterValues) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(value))
  const [last, setLast] = useState(value)
  if (JSON.stringify(last) !== JSON.stringify(value)) {
    setLast(value)
    setDraft(toDraft(value))
  }
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }))
  const active = Object.values(value).some((v) => v !== undefined && v !== '')
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter audit events"
      onSubmit={(e) => {
        e.preventDefault()
        onChange({
          actorId: draft.actorId.trim() || undefined,
          actorType: ActorTypeSchema.safeParse(draft.actorType).data,
          action: draft.action.trim() || undefined,
          targetType: draft.targetType.trim() || undefined,
          targetId: draft.targetId.trim() || undefined,
          outcome: AuditOutcomeSchema.safeParse(draft.outcome).data,
          from: fromLocalInput(draft.from),
          to: fromLocalInput(draft.to),
        })
      }}
    >
      {TEXT_FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`audit-${f.key}`}>{f.label}</label>
          <input id={`audit-${f.key}`} value={draft[f.key]} placeholder={f.placeholder} onChange={set(f.key)} />
        </div>
      ))}
      <div className="field">
        <label htmlFor="audit-actorType">Actor type</label>
        <select id="audit-actorType" value={draft.actorType} onChange={set('actorType')}>
          <option value="">Any</option>
          {ActorTypeSchema.options.map((t) => (
            <option key={t} value={t}>
              {t.replace('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-outcome">Outcome</label>
        <select id="audit-outcome" value={draft.outcome} onChange={set('outcome')}>
          <option value="">Any</option>
          {AuditOutcomeSchema.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input id="audit-from" type="datetime-local" value={draft.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To</label>
        <input id="audit-to" type="datetime-local" value={draft.to} onChange={set('to')} />
      </div>
      <Button type="submit" variant="primary">
        Apply filters
      </Button>
      {active ? (
        <Button variant="ghost" onClick={() => onChange({})}>
          Clear filters
        </Button>
      ) : null}
    </form>
  )
}
