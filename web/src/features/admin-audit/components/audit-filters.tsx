import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useForm, useWatch } from 'react-hook-form'
import { ActorTypeSchema, AuditOutcomeSchema } from '@exocorp/shared/audit'
import { Button } from '@/components/ui/button'
import { DateEcho } from '@/components/admin-date-echo'
import { isInvertedRange, type AdminAuditFilters } from '../api/queries'

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
  { key: 'action', label: 'audit.action', placeholder: 'audit.actionHint', list: 'audit-action-options' },
  { key: 'actorId', label: 'audit.actorId', placeholder: 'audit.actorIdHint', list: 'audit-actor-options' },
  { key: 'targetType', label: 'audit.targetType', placeholder: 'audit.targetTypeHint', list: 'audit-target-type-options' },
  { key: 'targetId', label: 'audit.targetId', placeholder: undefined, list: undefined },
] as const

/** What the pickers offer: known actions, and the actors and target types seen so far. */
export interface AuditSuggestions {
  actions: string[]
  actors: { id: string; label: string }[]
  targetTypes: string[]
}

/** Every filter applies on "Apply"; the route keeps them in the URL. */
export function AuditFilters({
  value,
  onChange,
  suggestions,
}: {
  value: AuditFilterValues
  onChange: (v: AuditFilterValues) => void
  suggestions: AuditSuggestions
}) {
  // `values`: the form follows the URL's filters when they change underneath it (back, a link, Clear).
  const { register, handleSubmit, control } = useForm<Draft>({ values: toDraft(value) })
  const [from, to] = useWatch({ control, name: ['from', 'to'] })
  const { t } = useTranslation()
  const [rangeError, setRangeError] = useState(false)
  const active = Object.values(value).some((v) => v !== undefined && v !== '')
  return (
    <form
      className="filters"
      role="search"
      aria-label={t('audit.filter')}
      onSubmit={handleSubmit((draft) => {
        const from = fromLocalInput(draft.from)
        const to = fromLocalInput(draft.to)
        const inverted = isInvertedRange(from, to)
        setRangeError(inverted)
        if (inverted) return
        onChange({
          actorId: draft.actorId.trim() || undefined,
          actorType: ActorTypeSchema.safeParse(draft.actorType).data,
          action: draft.action.trim() || undefined,
          targetType: draft.targetType.trim() || undefined,
          targetId: draft.targetId.trim() || undefined,
          outcome: AuditOutcomeSchema.safeParse(draft.outcome).data,
          from,
          to,
        })
      })}
    >
      {TEXT_FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`audit-${f.key}`}>{t(f.label)}</label>
          <input
            id={`audit-${f.key}`}
            placeholder={f.placeholder ? t(f.placeholder) : ''}
            {...register(f.key)}
            list={f.list}
            autoComplete="off"
          />
        </div>
      ))}
      <datalist id="audit-action-options">
        {suggestions.actions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <datalist id="audit-actor-options">
        {suggestions.actors.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </datalist>
      <datalist id="audit-target-type-options">
        {suggestions.targetTypes.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <div className="field">
        <label htmlFor="audit-actorType">{t('audit.actorType')}</label>
        <select id="audit-actorType" {...register('actorType')}>
          <option value="">{t('audit.any')}</option>
          {ActorTypeSchema.options.map((t) => (
            <option key={t} value={t}>
              {t.replace('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
        <select id="audit-outcome" {...register('outcome')}>
          <option value="">{t('audit.any')}</option>
          {AuditOutcomeSchema.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">{t('audit.from')}</label>
        <input id="audit-from" type="datetime-local" aria-describedby="audit-from-hint" {...register('from')} />
        <DateEcho id="audit-from-hint" value={from} kind="datetime-local" />
      </div>
      <div className="field">
        <label htmlFor="audit-to">{t('audit.to')}</label>
        <input
          id="audit-to"
          type="datetime-local"
          {...register('to')}
          aria-invalid={rangeError || undefined}
          aria-describedby={rangeError ? 'audit-range-error' : 'audit-to-hint'}
        />
        <DateEcho id="audit-to-hint" value={to} kind="datetime-local" />
        {rangeError ? (
          <p id="audit-range-error" className="field-error" role="alert">
            {t('audit.rangeError')}
          </p>
        ) : null}
      </div>
      <Button type="submit" variant="primary">
        {t('audit.apply')}
      </Button>
      {active ? (
        <Button
          variant="ghost"
          onClick={() => {
            setRangeError(false)
            onChange({})
          }}
        >
          {t('audit.clear')}
        </Button>
      ) : null}
    </form>
  )
}
