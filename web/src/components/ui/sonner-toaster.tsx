import { Toaster } from 'sonner'
import { useThemeStore } from '@/lib/theme'
import { useCommonText } from '@/lib/i18n/common-text'

/** Sonner's toaster, in its own chunk (toast.tsx loads it after the first paint). */
export default function SonnerToaster() {
  const theme = useThemeStore((s) => s.theme)
  // Its own words (close buttons, region) follow the screen's language (admin screens set theirs).
  const { t } = useCommonText()
  // Resolved here rather than with sonner's 'system', which assumes matchMedia exists.
  const resolved = theme === 'system' ? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : theme
  return (
    <Toaster
      theme={resolved}
      position="bottom-right"
      closeButton
      duration={5000}
      containerAriaLabel={t('toast.region')}
      toastOptions={{ className: 'toast', closeButtonAriaLabel: t('toast.close') }}
    />
  )
}
