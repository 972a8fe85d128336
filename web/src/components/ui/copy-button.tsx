import { useEffect, useState } from 'react'
import { Button } from './button'

/**
 * Copies `text`. `label` is the visible text; `what` (e.g. "slug") makes the accessible name say
 * what is copied when several copy buttons share a screen ("Copy slug", then "Copied slug").
 */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const t = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(t)
  }, [state])
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    )
  }
  const shown = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label
  return (
    <Button
      size="sm"
      variant={what ? 'ghost' : 'secondary'}
      className={what ? 'copy-button' : undefined}
      onClick={copy}
      aria-live="polite"
      aria-label={what ? `${shown} ${what}` : undefined}
    >
      {shown}
    </Button>
  )
}
