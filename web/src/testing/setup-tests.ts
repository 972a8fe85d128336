import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest'
import { resetMockDb } from './mock-db'
import { server } from './server'
import { useLocaleStore } from '@/lib/locale'

// jsdom has no pointer capture; sonner's swipe-to-dismiss calls it when a toast button is clicked.
Element.prototype.setPointerCapture ??= () => {}
Element.prototype.releasePointerCapture ??= () => {}
Element.prototype.hasPointerCapture ??= () => false

// The app loads the toaster's chunk after the first paint (components/ui/toast.tsx); a test file
// loads it up front instead, so a test's own time limit is not spent compiling it.
beforeAll(async () => {
  // The same for the admin message catalogs and their library (decision 050).
  await Promise.all([import('sonner'), import('@/components/ui/sonner-toaster'), import('@/lib/i18n/admin-i18n')])
  server.listen({ onUnhandledRequest: 'error' })
})
beforeEach(() => {
  resetMockDb()
  // CONVENTIONS: a test fails when console.error fires.
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error: ${args.map(String).join(' ')}`)
  })
})
afterEach(() => {
  cleanup()
  server.resetHandlers()
  vi.restoreAllMocks()
  localStorage.clear()
  // Every test starts in English, whoever picked another language before.
  useLocaleStore.setState({ byUser: {}, userId: null, locale: null })
})
afterAll(() => server.close())
