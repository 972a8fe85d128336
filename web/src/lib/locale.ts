import { create } from 'zustand'
import { persist } from 'zustand/middleware'

/**
 * The console's language (decision 050). Kept per person in this browser's localStorage, keyed by
 * the user id, so two people sharing a browser each keep their own; `null` means "not chosen":
 * English strings, dates and numbers in the browser's own locale. This module is all that ships with
 * the owner's first route: the i18n library and the catalogs load with the admin chunks.
 */
export const LOCALES = ['en', 'de'] as const
export type Locale = (typeof LOCALES)[number]

/** Each language named in itself, as a language menu lists them. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch' }

/** The BCP 47 tag dates and numbers are formatted with. */
export const INTL_TAGS: Record<Locale, string> = { en: 'en-US', de: 'de-DE' }

interface LocaleState {
  byUser: Record<string, Locale>
  userId: string | null
  locale: Locale | null
  /** Who is signed in: their saved choice becomes the active one. */
  forUser: (userId: string | null) => void
  setLocale: (locale: Locale) => void
}

export const useLocaleStore = create<LocaleState>()(
  persist(
    (set, get) => ({
      byUser: {},
      userId: null,
      locale: null,
      forUser: (userId) => {
        if (get().userId === userId) return
        set({ userId, locale: userId ? (get().byUser[userId] ?? null) : null })
      },
      setLocale: (locale) => {
        const { userId, byUser } = get()
        set({ locale, byUser: userId ? { ...byUser, [userId]: locale } : byUser })
      },
    }),
    { name: 'exocorp-locale', partialize: (s) => ({ byUser: s.byUser }) },
  ),
)

/**
 * The language `userId` chose, read while rendering: right from the first render, before the
 * console's `forUser` has made it the active one (the admin gate's words, decision 064).
 */
export function useChosenLocale(userId: string | null): Locale | null {
  return useLocaleStore((s) => (s.userId === userId ? s.locale : userId ? (s.byUser[userId] ?? null) : null))
}

/** The language the catalogs use: English until someone chooses another. */
export function activeLocale(): Locale {
  return useLocaleStore.getState().locale ?? 'en'
}

/** The tag for Intl formatters; `undefined` (the browser's locale) while nothing was chosen. */
export function intlTag(): string | undefined {
  const locale = useLocaleStore.getState().locale
  return locale ? INTL_TAGS[locale] : undefined
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value)
}
