import { useEffect, useState } from 'react'
import { useCommonText } from '@/lib/i18n/common-text'
import { addEnglish } from '@/lib/i18n/common-translate'
import { copyEn } from '@/lib/i18n/dialogs-en'
import { Button } from './button'

addEnglish({ copy: copyEn })

/**
 * Copies `text`. `label` is the visible text; `what` (e.g. "slug") makes the accessible name say
 * what is copied when several copy buttons share a screen ("Copy slug", then "Copied slug").
 */
export function CopyButton({ text, label, what }: { text: string; label?: string; what?: string }) {
  const { t } = useCommonText()
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
  const shown = state === 'copied' ? t('copy.copied') : state === 'failed' ? t('copy.failed') : (label ?? t('copy.copy'))
  const named =
    what === undefined
      ? undefined
      : t(state === 'copied' ? 'copy.copiedWhat' : state === 'failed' ? 'copy.failedWhat' : 'copy.copyWhat', { what })
  return (
    <Button
      size="sm"
      variant={what ? 'ghost' : 'secondary'}
      className={what ? 'copy-button' : undefined}
      onClick={copy}
      aria-live="polite"
      aria-label={named}
    >
      {shown}
    </Button>
  )
}
