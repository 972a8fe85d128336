import type { CompanyStatus, LifecycleAction } from '@exocorp/shared/companies'
import { commonEn } from './i18n/common-en'

/**
 * Words for lifecycle statuses and actions in English, the same on the owner's and the admin's
 * screens; a shared piece that admin screens also use reads them through `useCommonText()` instead
 * (`status.*`, `action.*`), so they follow the admin console's language.
 */
export const STATUS_LABEL: Record<CompanyStatus, string> = commonEn.status

export const ACTION_LABEL: Record<LifecycleAction, string> = commonEn.action
