import { useId, useState, type FormEvent } from 'react'
import { CompanyNameSchema, type CompanyDetail } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { useUpdateCompany } from '../api/update-company'

/** Rename in place: applied optimistically, rolled back (with the reason shown) if the server refuses. */
export function RenameForm({ company, canEdit = true }: { company: CompanyDetail; canEdit?: boolean }) {
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(company.name)
  const [invalid, setInvalid] = useState<string | null>(null)
  const update = useUpdateCompany(company.id)
  const inputId = useId()

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const parsed = CompanyNameSchema.safeParse(name)
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? 'Invalid name')
      return
    }
    setInvalid(null)
    setEditing(false)
    const previous = company.name
    if (parsed.data !== previous) {
      update.mutate(
        { name: parsed.data },
        { onSuccess: () => notifySuccess(`Renamed to ${parsed.data}`, { undo: () => update.mutate({ name: previous }) }) },
      )
    }
  }

  if (!editing || !canEdit) {
    return (
      <div className="stack">
        <div className="row wrap">
          <p className="company-name">{company.name}</p>
          {canEdit ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setName(company.name)
                update.reset()
                setEditing(true)
              }}
            >
              Rename
            </Button>
          ) : null}
        </div>
        <ErrorMessage error={update.error} title="Could not rename." />
      </div>
    )
  }
  return (
    <form className="row wrap" onSubmit={submit} noValidate>
      <div className="field field-inline">
        <label htmlFor={inputId}>Name</label>
        <input
          id={inputId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoFocus
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${inputId}-error` : undefined}
        />
      </div>
      <Button type="submit" size="sm" variant="primary">
        Save
      </Button>
      <Button size="sm" onClick={() => setEditing(false)}>
        Cancel
      </Button>
      {invalid ? (
        <p id={`${inputId}-error`} className="field-error">
          {invalid}
        </p>
      ) : null}
    </form>
  )
}
