import { Toaster as SonnerToaster, toast } from 'sonner'
import { useThemeStore } from '@/lib/theme'

/**
 * Action results as toasts (decision 020). Sonner renders them in a labelled aria-live region, so a
 * screen reader hears "Paused Acme Research" without focus moving; errors stay inline next to what
 * failed, where a person can read them at their own pace.
 */
export function Toaster() {
  const theme = useThemeStore((s) => s.theme)
  // Resolved here rather than with sonner's 'system', which assumes matchMedia exists.
  const resolved = theme === 'system' ? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : theme
  return (
    <SonnerToaster
      theme={resolved}
      position="bottom-right"
      closeButton
      duration={5000}
      containerAriaLabel="Notifications"
      toastOptions={{ className: 'toast' }}
    />
  )
}

export interface NotifyOptions {
  description?: string
  /** One step back ("Undo"), for changes that can simply be reversed. */
  undo?: () => void
}

export function notifySuccess(message: string, options: NotifyOptions = {}) {
  toast.success(message, {
    ...(options.description ? { description: options.description } : {}),
    ...(options.undo ? { action: { label: 'Undo', onClick: options.undo } } : {}),
  })
}

export function notifyError(message: string, options: Pick<NotifyOptions, 'description'> = {}) {
  toast.error(message, options.description ? { description: options.description } : {})
}
