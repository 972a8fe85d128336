import 'i18next'
import type { Catalog } from './en'

// Typed message keys: `t('nav.companies')` is checked against the English catalog at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'admin'
    resources: { admin: Catalog }
    returnNull: false
  }
}
