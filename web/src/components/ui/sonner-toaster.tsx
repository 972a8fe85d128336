import { Toaster } from 'sonner'
import { useThemeStore } from '@/lib/theme'
import { useToasterText } from './toast'

/** Sonner's toaster, in its own chunk (toast.tsx loads it after the first paint). */
export default function SonnerToaster() {
  const theme = useThemeStore((s) => s.theme)
  const text = useToasterText()
  // Resolved here rather than with sonner's 'system', which assumes matchMedia exists.
  const resolved = theme === 'system' ? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : theme
  return (
    <Toaster
      theme={resolved}
      position="bottom-right"
      closeButton
      duration={5000}
      containerAriaLabel={text.region}
      toastOptions={{ className: 'toast', closeButtonAriaLabel: text.close }}
    />
  )
}
