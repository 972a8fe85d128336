import { useEffect, useMemo, useState, type ComponentType } from 'react'
import { useCommonText } from '@/lib/i18n/common-text'
import { englishText } from '@/lib/i18n/common-translate'

/**
 * Action results as toasts (decision 020). Sonner renders them in a labelled aria-live region, so a
 * screen reader hears "Paused Acme Research" without focus moving; errors stay inline next to what
 * failed, where a person can read them at their own pace.
 *
 * Nothing on the first paint needs sonner, so it is its own chunk (moving it out took 7.4 KB gzip
 * off the first route, by bundle-report): the toaster mounts as soon as that chunk arrives, and a
 * toast raised before then waits for it.
 */
const sonner = () => import('sonner')

export function Toaster() {
  // Loaded in an effect, not with React.lazy: a suspending toaster beside the router stalled the
  // admin list's URL-driven updates in its tests; an effect leaves rendering alone.
  const [SonnerToaster, setSonnerToaster] = useState<ComponentType | null>(null)
  useEffect(() => {
    let mounted = true
    void import('./sonner-toaster').then((m) => mounted && setSonnerToaster(() => m.default))
    return () => {
      mounted = false
    }
  }, [])
  return SonnerToaster ? <SonnerToaster /> : null
}

export interface NotifyOptions {
  description?: string
  /** One step back ("Undo"), for changes that can simply be reversed. */
  undo?: () => void
  /** The undo button's word, when the screen speaks another language than English. */
  undoLabel?: string
}

export function notifySuccess(message: string, options: NotifyOptions = {}) {
  void sonner().then(({ toast }) =>
    toast.success(message, {
      ...(options.description ? { description: options.description } : {}),
      ...(options.undo ? { action: { label: options.undoLabel ?? englishText('toast.undo'), onClick: options.undo } } : {}),
    }),
  )
}

export function notifyError(message: string, options: Pick<NotifyOptions, 'description'> = {}) {
  void sonner().then(({ toast }) => toast.error(message, options.description ? { description: options.description } : {}))
}

/** `notifySuccess` and `notifyError` in the language of the screen that raises them (its undo button). */
export function useNotify() {
  const { t } = useCommonText()
  return useMemo(
    () => ({
      success: (message: string, options: NotifyOptions = {}) =>
        notifySuccess(message, { undoLabel: t('toast.undo'), ...options }),
      error: notifyError,
    }),
    [t],
  )
}
