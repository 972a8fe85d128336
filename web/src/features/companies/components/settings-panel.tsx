import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { DraftConfig } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { companyQueries } from '../api/queries'
import { useSaveDraftSettings } from '../api/save-draft-settings'

type Settings = DraftConfig['settings']

/**
 * The draft's settings map, each edited with the field its value's type calls for (a switch for
 * true/false, a number field for numbers, text otherwise). Releases do not declare their settings
 * yet (decision 038), so the type comes from the saved value, and nothing new is added here.
 */
export function SettingsPanel({ companyId, onSaved }: { companyId: string; onSaved?: () => void }) {
  const draft = useQuery(companyQueries.draft(companyId))
  const save = useSaveDraftSettings(companyId, onSaved)
  const [edits, setEdits] = useState<Record<string, string | boolean>>({})
  if (draft.isPending) return <Skeleton label="Loading settings" variant="block" />
  if (draft.isError) return <ErrorMessage error={draft.error} />
  const settings = draft.data.config.settings
  const keys = Object.keys(settings).sort()
  const stale = isApiError(save.error) && save.error.details?.reason === 'stale_draft'

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const next: Settings = { ...settings }
    for (const [k, v] of Object.entries(edits)) {
      const was = settings[k]
      next[k] = typeof was === 'number' ? Number(v) : typeof was === 'boolean' ? Boolean(v) : String(v)
    }
    save.mutate(
      { draft: draft.data, settings: next },
      {
        onSuccess: () => {
          setEdits({})
          notifySuccess('Settings saved to the draft')
        },
        onError: (error) => {
          // The newer draft is read again; the fields show it rather than a mix of both.
          if (isApiError(error) && error.details?.reason === 'stale_draft') setEdits({})
        },
      },
    )
  }

  return (
    <section className="card stack" aria-labelledby={`settings-${companyId}`}>
      <h2 id={`settings-${companyId}`}>Settings</h2>
      {keys.length === 0 ? (
        <p className="muted">The draft has no settings.</p>
      ) : (
        <form className="stack" aria-label="Draft settings" onSubmit={submit}>
          {keys.map((k) => {
            const value = k in edits ? edits[k]! : settings[k]!
            const id = `setting-${companyId}-${k}`
            return typeof settings[k] === 'boolean' ? (
              <label key={k} className="row" htmlFor={id}>
                <input
                  id={id}
                  type="checkbox"
                  checked={Boolean(value)}
                  onChange={(e) => setEdits({ ...edits, [k]: e.target.checked })}
                />{' '}
                <span className="mono">{k}</span>
              </label>
            ) : (
              <div key={k} className="field">
                <label htmlFor={id} className="mono">
                  {k}
                </label>
                <input
                  id={id}
                  type={typeof settings[k] === 'number' ? 'number' : 'text'}
                  value={String(value)}
                  onChange={(e) => setEdits({ ...edits, [k]: e.target.value })}
                />
              </div>
            )
          })}
          {stale ? (
            <div className="alert alert-warn" role="alert">
              <strong>Someone else saved first.</strong> Nothing was saved; the settings now show the newer draft.
            </div>
          ) : save.isError ? (
            <ErrorMessage error={save.error} title="The settings were not saved." />
          ) : null}
          <div className="row">
            <Button type="submit" variant="primary" busy={save.isPending} disabled={Object.keys(edits).length === 0}>
              Save settings
            </Button>
          </div>
        </form>
      )}
    </section>
  )
}
