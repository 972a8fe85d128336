import { useMemo } from 'react'
import { INTL_TAGS, type Locale } from '../locale'
import { useShellText, type CommonText } from './common-text'
import { englishText, type CommonKey } from './common-translate'

/*
 * The words /admin shows before the admin chunk (and its catalogs) has loaded (decision 064): the
 * gate's loading label and refusal, and what of the console shell is on screen at that moment. They
 * ship with the owner's first route, so this is a handful of words per language, not a catalog; the
 * admin catalogs (`en.ts`, `de.ts`) hold the same messages under the same keys, and
 * `gate-text.test.ts` keeps the two alike.
 */

/** The gate's own English: `en.ts` spreads it into `shell`, so it is one source. */
export const gateEn = {
  refused: 'Platform administration needs the admin or platform owner role.',
  loadingAdmin: 'Loading platform administration',
}

type GateKey = `shell.${keyof typeof gateEn}`
type Words = Partial<Record<GateKey | CommonKey, string>>

/**
 * Per language other than English: the gate's words and the shell's that show on the first paint
 * (its landmarks and buttons, the context switcher's label, the live indicator, a loading state).
 * What a person opens (menus, dialogs) arrives with the admin chunk.
 */
const WORDS: Record<Exclude<Locale, 'en'>, Words> = {
  de: {
    'shell.refused': 'Die Plattformverwaltung erfordert die Rolle Admin oder Plattforminhaber.',
    'shell.loadingAdmin': 'Plattformverwaltung wird geladen',
    'states.loading': 'Wird geladen',
    'chrome.skip': 'Zum Inhalt springen',
    'chrome.navMenu': 'Navigationsmenü',
    'chrome.home': 'Exocorp-Startseite',
    'chrome.sections': 'Bereiche',
    'chrome.accountMenu': 'Kontomenü für {{name}}',
    'chrome.switchContext': 'Kontext wechseln',
    'chrome.kind_admin': 'Admin',
    'chrome.admin': 'Plattformverwaltung',
    'chrome.notifications': 'Benachrichtigungen',
    'chrome.unread': 'Benachrichtigungen, {{count, num}} ungelesen',
    'chrome.live_connecting': 'Verbindet',
    'chrome.live_live': 'Live',
  },
}

/** The messages of `locale` this module holds, by key (for the test that holds them to the catalog). */
export function gateWords(locale: Exclude<Locale, 'en'>): Words {
  return WORDS[locale]
}

/**
 * `t` for the gate and the shell around it in `locale`: these words where it has them, English
 * otherwise. `{{x}}` and `{{x, num}}` (grouped the language's way) as the catalogs write them.
 */
export function gateTranslate(locale: Locale): (key: GateKey | CommonKey, vars?: Record<string, string | number>) => string {
  const english = (key: GateKey | CommonKey, vars?: Record<string, string | number>) =>
    key.startsWith('shell.') ? gateEn[key.slice('shell.'.length) as keyof typeof gateEn] : englishText(key as CommonKey, vars)
  if (locale === 'en') return english
  const words = WORDS[locale]
  const numbers = new Intl.NumberFormat(INTL_TAGS[locale])
  return (key, vars) => {
    const message = words[key]
    if (message === undefined) return english(key, vars)
    return message.replace(/\{\{\s*(\w+)\s*(,\s*num\s*)?\}\}/g, (all, name: string, num?: string) => {
      const value = vars?.[name]
      if (value === undefined) return all
      return num && typeof value === 'number' ? numbers.format(value) : String(value)
    })
  }
}

/**
 * The shell's words on /admin for an admin: the admin provider's once it has mounted (`shell`), and
 * until then, in a language other than English, this module's handful. Computed while rendering,
 * so the first frame of /admin is already in the chosen language.
 */
export function useGateShellText(shell: CommonText, locale: Locale | null): CommonText {
  return useMemo(
    () =>
      locale && locale !== 'en' && shell === useShellText.getInitialState() ? { ...shell, t: gateTranslate(locale) } : shell,
    [shell, locale],
  )
}
