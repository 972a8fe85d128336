import { describe, expect, it } from 'vitest'
import { LOCALES, type Locale } from '../locale'
import { catalog as de } from './de'
import { en, type Catalog } from './en'
import { gateEn, gateTranslate, gateWords } from './gate-text'

// Decision 064: the gate's handful of words ships with the first route; the admin catalogs hold the
// same messages under the same keys, so the gate and the screens behind it never say it differently.

const CATALOGS: Record<Exclude<Locale, 'en'>, Catalog> = { de }

function messageAt(catalog: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog)
}

describe('the admin gate’s words', () => {
  it('are the catalog’s, key by key, in every language', () => {
    for (const [key, message] of Object.entries(gateEn)) expect(en.shell[key as keyof typeof gateEn], key).toBe(message)
    for (const locale of LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en')) {
      const words = Object.entries(gateWords(locale))
      expect(words.length).toBeGreaterThan(0)
      for (const [key, message] of words) expect(messageAt(CATALOGS[locale], key), `${locale}: ${key}`).toBe(message)
      // The gate's own two are there in every language.
      for (const key of Object.keys(gateEn)) expect(gateWords(locale)[`shell.${key}` as 'shell.refused']).toBeTruthy()
    }
  })

  it('fills placeholders, groups numbers the language’s way, and falls back to English', () => {
    const t = gateTranslate('de')
    expect(t('chrome.accountMenu', { name: 'Ada' })).toBe('Kontomenü für Ada')
    expect(t('chrome.unread', { count: 12345 })).toBe('Benachrichtigungen, 12.345 ungelesen')
    // Not in the handful (a menu's entry arrives with the admin chunk): English meanwhile.
    expect(t('chrome.logOut')).toBe('Log out')
    expect(gateTranslate('en')('shell.loadingAdmin')).toBe('Loading platform administration')
  })
})
