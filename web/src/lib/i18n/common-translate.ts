import { commonEn, type CommonCatalog } from './common-en'

/** Every key of the shared pieces' catalog, as `group.key`; plural forms by their base (`bulk.run`). */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
type PluralBase<K extends string> = K extends `${infer B}_${'one' | 'other'}` ? B : K
export type CommonKey = PluralBase<Leaves<CommonCatalog>>
export type CommonVars = Record<string, string | number>
export type CommonTranslate = (key: CommonKey, vars?: CommonVars) => string

const englishPlurals = new Intl.PluralRules('en')

/** The English in memory: the first route's, and what lazy shared pieces added when they loaded. */
const english: object[] = [commonEn]

/**
 * A lazy shared piece (the bulk action bar) brings its own English along, so it stays out of the
 * owner's first route: `addEnglish({ bulk: bulkEn })` at the top of its module.
 */
export function addEnglish(part: Partial<CommonCatalog>): void {
  if (!english.includes(part)) english.push(part)
}

function lookup(key: string): string | undefined {
  for (const catalog of english) {
    let node: unknown = catalog
    for (const part of key.split('.'))
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined
    if (typeof node === 'string') return node
  }
  return undefined
}

/** The English catalog read the way i18next reads the others: `{{x}}` placeholders, `_one`/`_other` plurals. */
export const englishText: CommonTranslate = (key, vars) => {
  const count = vars?.count
  const message = (typeof count === 'number' ? lookup(`${key}_${englishPlurals.select(count)}`) : undefined) ?? lookup(key) ?? key
  return vars ? message.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, name: string) => String(vars[name] ?? all)) : message
}
