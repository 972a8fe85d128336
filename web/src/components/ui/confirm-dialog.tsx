import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { Button } from './button'
import { Dialog } from './dialog'

export interface ConfirmByTypingDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  description: ReactNode
  /** The exact text a person must type (the exocorp's slug). */
  expected: string
  confirmLabel: string
  busy?: boolean
  error?: ReactNode
  /** Block content shown above the typed confirmation (a list, a diff): the description is a paragraph. */
  children?: ReactNode
  onConfirm: (typed: string) => void
}

/** Destructive actions: the confirm button stays off until the slug is typed exactly. */
export function ConfirmByTypingDialog({
  open,
  onOpenChange,
  title,
  description,
  expected,
  confirmLabel,
  busy = false,
  error,
  children,
  onConfirm,
}: ConfirmByTypingDialogProps) {
  const [typed, setTyped] = useState('')
  const [tried, setTried] = useState(false)
  const inputId = useId()
  const matches = typed === expected
  const change = (next: boolean) => {
    if (!next) {
      setTyped('')
      setTried(false)
    }
    onOpenChange(next)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (matches) onConfirm(typed)
  }
  return (
    <Dialog open={open} onOpenChange={change} title={title} description={description}>
      {children}
      <form onSubmit={submit} className="stack" noValidate>
        <div className="field">
          <label htmlFor={inputId}>
            Type <strong className="mono">{expected}</strong> to confirm
          </label>
          <input
            id={inputId}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={tried && !matches ? true : undefined}
            aria-describedby={tried && !matches ? `${inputId}-error` : undefined}
          />
          {tried && !matches ? (
            <p id={`${inputId}-error`} className="field-error">
              That does not match {expected}.
            </p>
          ) : null}
        </div>
        {error}
        <div className="row dialog-actions">
          <Button onClick={() => change(false)}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy} aria-disabled={!matches || undefined}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
