import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { activeLocale, INTL_TAGS, isLocale, type Locale, useLocaleStore } from '../locale'
import { en, type Catalog } from './en'

/**
 * The admin console's message catalogs (decision 050), through i18next + react-i18next. Only admin
 * chunks import this module, so neither the library nor a catalog reaches the owner's first route.
 * English ships with it (the screens render at once, in English, as before); another language's
 * catalog is a chunk of its own, fetched the first time someone picks it.
 */
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ catalog: Catalog }>> = {
  de: () => import('./de'),
}

export const adminI18n: i18n = i18next.createInstance()
void adminI18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  defaultNS: 'admin',
  ns: ['admin'],
  resources: { en: { admin: en } },
  // React escapes what it renders; escaping here too would show "&amp;" in a label.
  interpolation: { escapeValue: false },
  // Resources are in memory: initialise now, so the first render already has its strings.
  initAsync: false,
  returnNull: false,
  // English is always in memory and another language switches only once loaded: nothing to suspend for.
  react: { useSuspense: false },
})

// `{{count, num}}`: a count with the language's grouping ("12,345" / "12.345"). Anything that is
// not a number (a placeholder that sometimes carries text) is shown as it is.
adminI18n.services.formatter?.add('num', (value: unknown, lng: string | undefined) =>
  typeof value === 'number' ? numberFormat(lng).format(value) : String(value),
)
// `{{spent, amount}}`: an amount with two decimals in the language's way ("1,234.50" / "1.234,50"),
// as the platform's notices state them (decision 063).
adminI18n.services.formatter?.add('amount', (value: unknown, lng: string | undefined) =>
  typeof value === 'number' ? numberFormat(lng, 'amount').format(value) : String(value),
)
const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(lng: string | undefined, kind: 'count' | 'amount' = 'count'): Intl.NumberFormat {
  const tag = lng && isLocale(lng) ? INTL_TAGS[lng] : 'en-US'
  let format = numberFormats.get(`${kind}:${tag}`)
  if (!format) {
    format = new Intl.NumberFormat(tag, kind === 'amount' ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : {})
    numberFormats.set(`${kind}:${tag}`, format)
  }
  return format
}

/** Loads the catalog of `locale` when it is not there yet, then switches every admin string to it. */
export async function loadCatalog(locale: Locale): Promise<void> {
  if (locale !== 'en' && !adminI18n.hasResourceBundle(locale, 'admin')) {
    const { catalog } = await LOADERS[locale]()
    adminI18n.addResourceBundle(locale, 'admin', catalog)
  }
  // The person may have switched again while the catalog was loading.
  if (activeLocale() === locale) await adminI18n.changeLanguage(locale)
}

if (activeLocale() !== 'en') void loadCatalog(activeLocale())
useLocaleStore.subscribe((state, previous) => {
  if (state.locale !== previous.locale) void loadCatalog(state.locale ?? 'en')
})
