import { describe, expect, it } from 'vitest'
import {
  ADMIN_NOTICE_COUNTS,
  ADMIN_NOTICE_KEYS,
  ADMIN_NOTICE_PARAMS,
  CONNECTOR_CAUSE_CODES,
  CONNECTOR_CAUSE_FACTS,
} from '@exocorp/shared/admin-notice-messages'
import { ErrorCodeSchema } from '@exocorp/shared/errors'
import { FieldIssueCodeSchema } from '@exocorp/shared/field-issues'
import { FIELD_RULE_KEYS } from '@exocorp/shared/field-rules'
import { LifecycleRefusalReasonSchema } from '@exocorp/shared/lifecycle'
import { LOCALES, type Locale } from '../locale'
import { bulkEn } from './bulk-en'
import { commonEn } from './common-en'
import { copyEn, stepUpEn } from './dialogs-en'
import { topbarEn } from './topbar-en'
import { en, type Catalog } from './en'

/** Each language's catalog, as the app loads it. */
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ catalog: Catalog }>> = { de: () => import('./de') }

/** Every key of a nested catalog, as `a.b.c`, with its message. */
function entries(catalog: object, prefix = ''): [string, unknown][] {
  return Object.entries(catalog).flatMap(([key, value]): [string, unknown][] =>
    value !== null && typeof value === 'object' ? entries(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  )
}

/** `{{name}}` placeholders a message interpolates. */
function placeholders(message: unknown): string[] {
  return typeof message === 'string' ? [...message.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!).sort() : []
}

describe('admin message catalogs', () => {
  const english = new Map(entries(en))

  it('has an English message for every key the admin navigation reads', () => {
    for (const [key, message] of english) {
      expect(typeof message, key).toBe('string')
      expect(String(message).trim(), key).not.toBe('')
    }
    expect([...english.keys()].filter((k) => k.startsWith('nav.')).length).toBeGreaterThanOrEqual(10)
  })

  it("holds the shared pieces' words as they ship with the first route, and a message for every error code", () => {
    // The pager, toasts, step-up dialog, bulk actions, lifecycle labels and client errors: the same
    // keys and English as common-en.ts, so the loop below holds every language to them as well.
    const shared = { ...commonEn, bulk: bulkEn, topbar: topbarEn, copy: copyEn, stepUp: stepUpEn }
    for (const [key, message] of entries(shared)) expect(english.get(key), key).toBe(message)
    const groups = ['pager', 'copy', 'toast', 'states', 'network', 'stepUp', 'bulk', 'status', 'action', 'chrome', 'topbar']
    for (const group of groups) {
      expect(
        [...english.keys()].some((k) => k.startsWith(`${group}.`)),
        group,
      ).toBe(true)
    }
    // Every code of the contract's error envelope and every lifecycle refusal reason has its words.
    for (const code of ErrorCodeSchema.options) expect(english.has(`serverErrors.code.${code}`), code).toBe(true)
    for (const reason of LifecycleRefusalReasonSchema.options) {
      expect(english.has(`serverErrors.reason.${reason}`), reason).toBe(true)
    }
  })

  it('has a message for every field issue code the server sends, but a rule of the contract’s own', () => {
    // `custom` is a refinement or a service's refusal: worded by its `key` (below) or shown as sent.
    const worded = FieldIssueCodeSchema.options.filter((code) => code !== 'custom')
    const missing = worded.filter((code) => !english.has(`serverErrors.issue.${code}`))
    expect(missing).toEqual([])
    // Nothing in the catalog for a code the server cannot send (a variant is `<code>_<what>`).
    const unknown = [...english.keys()]
      .filter((k) => k.startsWith('serverErrors.issue.'))
      .map((k) => k.slice('serverErrors.issue.'.length))
      .filter((k) => !worded.some((code) => k === code || k.startsWith(`${code}_`)))
    expect(unknown).toEqual([])
  })

  it('words every notice key the BFF can raise, and no key it cannot (decision 063)', () => {
    // The BFF's services are typed by ADMIN_NOTICE_KEYS and its triggers are checked against it
    // (bff/test/admin-notifications.test.ts); the loop below holds every other language to these keys.
    const titles = [...english.keys()].filter((k) => k.startsWith('adminNotices.title.')).map((k) => k.slice(19))
    expect(titles.sort()).toEqual([...ADMIN_NOTICE_KEYS].sort())
    // A detail counted by a fact (ADMIN_NOTICE_COUNTS) is in i18next's plural forms, one and other.
    const details = [...english.keys()].filter((k) => k.startsWith('adminNotices.detail.')).map((k) => k.slice(20))
    const counted = Object.keys(ADMIN_NOTICE_COUNTS)
    const base = (k: string) => counted.find((c) => k === `${c}_one` || k === `${c}_other`) ?? k
    expect(details.map(base).filter((k) => !titles.includes(k))).toEqual([])
    for (const key of counted) {
      expect(details.filter((k) => base(k) === key).sort(), key).toEqual([`${key}_one`, `${key}_other`])
    }
    // A connector give-up's cause has words of its own, one per code the BFF can send.
    const causes = [...english.keys()].filter((k) => k.startsWith('adminNotices.cause.')).map((k) => k.slice(19))
    expect(causes.sort()).toEqual([...CONNECTOR_CAUSE_CODES].sort())
    expect(
      [...english.keys()].filter((k) => k.startsWith('adminNotices.') && !/^adminNotices\.(title|detail|cause)\./.test(k)),
    ).toEqual([])
  })

  it('has a message for every rule the server names by key, and none for a key it cannot send', () => {
    // Refinements, patterns and services' own refusals that admin forms show (decision 064).
    const missing = FIELD_RULE_KEYS.filter((key) => !english.has(`serverErrors.rule.${key}`))
    expect(missing).toEqual([])
    const unknown = [...english.keys()]
      .filter((k) => k.startsWith('serverErrors.rule.'))
      .map((k) => k.slice('serverErrors.rule.'.length))
      .filter((k) => !(FIELD_RULE_KEYS as readonly string[]).includes(k))
    expect(unknown).toEqual([])
  })

  it("uses exactly each notice key's facts as placeholders, in every language (decision 063)", async () => {
    // A placeholder the key's schema does not have would show raw (`{{exocorp}}`); a fact it has
    // but no message uses would be a fact the reader never sees. Title and detail together.
    const catalogs: [string, object][] = [['en', en]]
    for (const locale of LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en')) {
      catalogs.push([locale, (await LOADERS[locale]()).catalog])
    }
    for (const [locale, catalog] of catalogs) {
      const messages = new Map(entries(catalog))
      // A cause's words use its own facts (CONNECTOR_CAUSE_FACTS) and may name the delivery's connector.
      const causeFacts = new Set<string>()
      for (const cause of CONNECTOR_CAUSE_CODES) {
        const used = placeholders(messages.get(`adminNotices.cause.${cause}`))
        expect(
          used.filter((p) => p !== 'connector'),
          `${locale}: cause ${cause}`,
        ).toEqual([...CONNECTOR_CAUSE_FACTS[cause]].sort())
        for (const p of used) causeFacts.add(p)
      }
      for (const key of ADMIN_NOTICE_KEYS) {
        const fields = Object.keys(ADMIN_NOTICE_PARAMS[key].shape)
        // Each plural form on its own holds every fact; a key with a cause uses the causes' facts too.
        const details = key in ADMIN_NOTICE_COUNTS ? [`${key}_one`, `${key}_other`] : [key]
        for (const detail of details) {
          const used = new Set([
            ...placeholders(messages.get(`adminNotices.title.${key}`)),
            ...placeholders(messages.get(`adminNotices.detail.${detail}`)),
            ...(fields.includes('cause') ? causeFacts : []),
          ])
          expect([...used].sort(), `${locale}: ${detail}`).toEqual(fields.sort())
        }
      }
    }
  })

  for (const locale of LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en')) {
    it(`has every English key in ${locale}, with the same placeholders and nothing extra`, async () => {
      const { catalog } = await LOADERS[locale]()
      const other = new Map(entries(catalog))
      const missing = [...english.keys()].filter((k) => typeof other.get(k) !== 'string' || !String(other.get(k)).trim())
      expect(missing, `missing in ${locale}`).toEqual([])
      const extra = [...other.keys()].filter((k) => !english.has(k))
      expect(extra, `unknown keys in ${locale}`).toEqual([])
      for (const [key, message] of english) {
        expect(placeholders(other.get(key)), `${locale}: ${key}`).toEqual(placeholders(message))
      }
    })
  }
})
