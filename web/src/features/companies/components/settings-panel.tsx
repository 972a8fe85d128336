import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { ReleaseChannel } from '@exocorp/shared/companies'
import {
  changedSettings,
  settingField,
  settingsErrors,
  undeclaredSettings,
  type SettingDeclaration,
  type SettingValue,
} from '@exocorp/shared/settings'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { companyQueries } from '../api/queries'
import { useSaveDraftSettings } from '../api/save-draft-settings'

type Settings = Record<string, SettingValue>
/** What a field holds while it is edited: number fields keep their text until saved. */
type FieldValue = string | boolean

/** The value a declared setting starts from when the owner adds it. */
function startingValue(d: SettingDeclaration): SettingValue {
  if (d.default !== null) return d.default
  if (d.type === 'boolean') return false
  if (d.type === 'integer' || d.type === 'number') return d.min ?? 0
  if (d.type === 'enum') return d.choices[0] ?? ''
  return ''
}

/** A field's text turned into the value the declaration asks for (or kept as text for the check to refuse). */
function valueFor(d: SettingDeclaration | undefined, was: SettingValue | undefined, v: FieldValue): SettingValue {
  if (typeof v === 'boolean') return v
  const numeric = d ? d.type === 'integer' || d.type === 'number' : typeof was === 'number'
  if (numeric) return v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v
  return v
}

const show = (v: SettingValue | null) => (v === null ? 'none' : typeof v === 'string' ? (v === '' ? '(empty)' : v) : String(v))

/**
 * The draft's settings map (decision 052): the keys the release the exocorp would install
 * declares are typed fields (a switch, a whole-number or number field with its bounds, a text
 * field, a list of choices) with their label, description and default, checked as the BFF checks
 * them; declared keys the draft lacks can be added; keys the release does not declare stay
 * editable as raw values, under a warning.
 */
export function SettingsPanel({
  companyId,
  channel,
  onSaved,
}: {
  companyId: string
  channel: ReleaseChannel
  onSaved?: () => void
}) {
  const draft = useQuery(companyQueries.draft(companyId))
  const release = useQuery(companyQueries.release(channel))
  const save = useSaveDraftSettings(companyId, onSaved)
  const [edits, setEdits] = useState<Record<string, FieldValue>>({})
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set())
  const [checked, setChecked] = useState<Record<string, string[]>>({})
  if (draft.isPending || release.isPending) return <Skeleton label="Loading settings" variant="block" />
  if (draft.isError) return <ErrorMessage error={draft.error} />
  // No release on the channel (404) declares nothing: every key is shown raw.
  const declarations = release.isSuccess ? release.data.settings : []
  const byKey = new Map(declarations.map((d) => [d.key, d]))
  const settings = draft.data.config.settings
  const stale = isApiError(save.error) && save.error.details?.reason === 'stale_draft'
  const serverErrors = isApiError(save.error) ? save.error.fieldErrors : {}

  const next = (): Settings => {
    const out: Settings = {}
    for (const [k, v] of Object.entries(settings)) if (!removed.has(k)) out[k] = v
    for (const [k, v] of Object.entries(edits)) if (!removed.has(k)) out[k] = valueFor(byKey.get(k), settings[k], v)
    return out
  }
  const current = next()
  const dirty = changedSettings(settings, current).size > 0
  const present = declarations.filter((d) => Object.hasOwn(current, d.key))
  const absent = declarations.filter((d) => !Object.hasOwn(current, d.key))
  const undeclared = undeclaredSettings(declarations, current)

  const edit = (key: string, value: FieldValue) => {
    setEdits({ ...edits, [key]: value })
    if (checked[settingField(key)]) setChecked({ ...checked, [settingField(key)]: [] })
  }
  const add = (d: SettingDeclaration) => {
    const v = startingValue(d)
    setEdits({ ...edits, [d.key]: typeof v === 'number' ? String(v) : v })
    setRemoved(new Set([...removed].filter((k) => k !== d.key)))
  }
  const remove = (key: string) => {
    setRemoved(new Set([...removed, key]))
    const rest = { ...edits }
    delete rest[key]
    setEdits(rest)
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const settingsNext = next()
    const errors = settingsErrors(declarations, settingsNext, { only: changedSettings(settings, settingsNext) })
    setChecked(errors)
    if (Object.keys(errors).length > 0) return
    save.mutate(
      { draft: draft.data, settings: settingsNext },
      {
        onSuccess: () => {
          setEdits({})
          setRemoved(new Set())
          notifySuccess('Settings saved to the draft')
        },
        onError: (error) => {
          // The newer draft is read again; the fields show it rather than a mix of both.
          if (isApiError(error) && error.details?.reason === 'stale_draft') {
            setEdits({})
            setRemoved(new Set())
          }
        },
      },
    )
  }

  const errorOf = (key: string) => checked[settingField(key)]?.[0] ?? serverErrors[settingField(key)]?.[0] ?? null
  const fieldValue = (key: string): FieldValue => {
    if (key in edits) return edits[key]!
    const v = current[key]!
    return typeof v === 'number' ? String(v) : v
  }
  const idOf = (key: string) => `setting-${companyId}-${key}`

  const declaredField = (d: SettingDeclaration) => {
    const id = idOf(d.key)
    const error = errorOf(d.key)
    const value = fieldValue(d.key)
    const hint = [d.description, d.default !== null ? `Default: ${show(d.default)}.` : null, bounds(d)].filter(Boolean).join(' ')
    const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
    const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described }
    return (
      <div key={d.key} className="field">
        {d.type === 'boolean' ? (
          <label className="row" htmlFor={id}>
            <input {...common} type="checkbox" checked={value === true} onChange={(e) => edit(d.key, e.target.checked)} />{' '}
            {d.label}
          </label>
        ) : (
          <>
            <label htmlFor={id}>{d.label}</label>
            {d.type === 'enum' ? (
              <select {...common} value={String(value)} onChange={(e) => edit(d.key, e.target.value)}>
                {d.choices.includes(String(value)) ? null : <option value={String(value)}>{String(value)}</option>}
                {d.choices.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={d.type === 'string' ? 'text' : 'number'}
                inputMode={d.type === 'integer' ? 'numeric' : d.type === 'number' ? 'decimal' : undefined}
                step={d.type === 'integer' ? 1 : d.type === 'number' ? 'any' : undefined}
                min={d.min ?? undefined}
                max={d.max ?? undefined}
                required={d.required}
                value={String(value)}
                onChange={(e) => edit(d.key, e.target.value)}
              />
            )}
          </>
        )}
        {hint ? (
          <p id={`${id}-hint`} className="field-hint">
            {hint} <span className="mono">{d.key}</span>
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
        {d.required ? null : (
          <div className="row">
            <Button type="button" variant="ghost" onClick={() => remove(d.key)} aria-label={`Use the default for ${d.label}`}>
              Use the default
            </Button>
          </div>
        )}
      </div>
    )
  }

  return (
    <section className="card stack" aria-labelledby={`settings-${companyId}`}>
      <h2 id={`settings-${companyId}`}>Settings</h2>
      {release.isSuccess ? (
        <p className="muted">
          Release {release.data.version} declares {declarations.length} setting{declarations.length === 1 ? '' : 's'}.
        </p>
      ) : null}
      <form className="stack" aria-label="Draft settings" onSubmit={submit} noValidate>
        {present.map(declaredField)}
        {absent.length > 0 ? (
          <div className="stack">
            <h3>Not set: the release default applies</h3>
            <ul aria-label="Settings you can add">
              {absent.map((d) => (
                <li key={d.key} className="row">
                  <span>
                    {d.label}
                    {d.default !== null ? ` (default ${show(d.default)})` : d.required ? ' (required)' : ''}
                  </span>{' '}
                  <Button type="button" variant="secondary" onClick={() => add(d)} aria-label={`Add ${d.label}`}>
                    Add
                  </Button>
                  {errorOf(d.key) ? <span className="field-error">{errorOf(d.key)}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {undeclared.length > 0 ? (
          <div className="stack">
            <div className="alert alert-warn" role="note" aria-label="Undeclared settings">
              {release.isSuccess
                ? `Release ${release.data.version} does not declare ${undeclared.length === 1 ? 'this key: it is' : 'these keys: they are'} kept and passed to the runtime as ${undeclared.length === 1 ? 'it is' : 'they are'}, unchecked.`
                : 'No release is published on this channel, so nothing is checked: keys are passed to the runtime as they are.'}
            </div>
            {undeclared.map((k) => {
              const id = idOf(k)
              const was = settings[k]
              const value = fieldValue(k)
              return typeof was === 'boolean' ? (
                <label key={k} className="row" htmlFor={id}>
                  <input id={id} type="checkbox" checked={value === true} onChange={(e) => edit(k, e.target.checked)} />{' '}
                  <span className="mono">{k}</span>
                </label>
              ) : (
                <div key={k} className="field">
                  <label htmlFor={id} className="mono">
                    {k}
                  </label>
                  <input
                    id={id}
                    type={typeof was === 'number' ? 'number' : 'text'}
                    value={String(value)}
                    onChange={(e) => edit(k, e.target.value)}
                  />
                </div>
              )
            })}
          </div>
        ) : null}
        {present.length === 0 && absent.length === 0 && undeclared.length === 0 ? (
          <p className="muted">The draft has no settings.</p>
        ) : null}
        {stale ? (
          <div className="alert alert-warn" role="alert">
            <strong>Someone else saved first.</strong> Nothing was saved; the settings now show the newer draft.
          </div>
        ) : save.isError ? (
          <ErrorMessage error={save.error} title="The settings were not saved." />
        ) : null}
        <div className="row">
          <Button type="submit" variant="primary" busy={save.isPending} disabled={!dirty}>
            Save settings
          </Button>
        </div>
      </form>
    </section>
  )
}

function bounds(d: SettingDeclaration): string | null {
  if (d.type !== 'integer' && d.type !== 'number') return null
  if (d.min !== null && d.max !== null) return `From ${d.min} to ${d.max}.`
  if (d.min !== null) return `At least ${d.min}.`
  if (d.max !== null) return `At most ${d.max}.`
  return null
}
