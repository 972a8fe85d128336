import type { ReactNode } from 'react'
import { Button } from './button'
import { CopyButton } from './copy-button'

/** A secret shown once, after it is created or rotated (the server never shows it again), with Copy and Done. */
export function SecretOnce({
  label,
  secret,
  testId,
  onDone,
  children,
}: {
  /** The status region's accessible name. */
  label: string
  secret: string
  testId: string
  onDone: () => void
  /** What to do with it, shown above. */
  children: ReactNode
}) {
  return (
    <div className="card stack" role="status" aria-label={label}>
      <p>{children}</p>
      <div className="row wrap">
        <code className="pre-wrap" data-testid={testId}>
          {secret}
        </code>
        <CopyButton text={secret} what="signing secret" />
      </div>
      <div>
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  )
}
