import { useEffect, useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage, isApiError } from '@/lib/api-client'
import { en } from '@/lib/i18n/en'
import { CommonTextProvider, type CommonText } from '@/lib/i18n/common-text'
import type { CommonTranslate } from '@/lib/i18n/common-translate'
import { ENGLISH_TOASTER_TEXT, useToasterText } from './ui/toast'

const REASONS = en.serverErrors.reason
const CODES = en.serverErrors.code
/** The server's field-error sentences the catalog knows, by their English. */
const FIELDS = new Map(
  Object.entries(en.serverErrors.field).map(([key, english]) => [english, key as keyof typeof en.serverErrors.field]),
)

/** Whether the catalog has a message for this code (own keys only: a code named `constructor` has none). */
function isKnown<T extends object>(messages: T, code: string | null): code is keyof T & string {
  return code !== null && Object.hasOwn(messages, code)
}

/**
 * The shared pieces (pager, copy buttons, toasts, step-up dialog, bulk actions, loading, not-found
 * and error states) in the admin console's language (decision 050). Only admin chunks import this,
 * so the owner's first route keeps plain English without the i18n library.
 *
 * A failed request reads, in a language other than English, the catalog's message for its refusal
 * reason (`details.reason`) or else for its `code`; a code the catalog does not know keeps the
 * server's English. In English the server's own sentence stays, being the more specific one.
 */
export function AdminCommonText({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const value = useMemo<CommonText>(() => {
    const text: CommonTranslate = (key, vars) => t(key, vars ?? {})
    const localized = language !== 'en'
    const refusal = (code: string | null, sentence: string | null) =>
      localized && isKnown(REASONS, code) ? t(`serverErrors.reason.${code}`) : sentence
    return {
      t: text,
      refusal,
      field: (message) => {
        const key = localized ? FIELDS.get(message) : undefined
        return key ? t(`serverErrors.field.${key}`) : message
      },
      error: (error) => {
        if (!isApiError(error)) return errorMessage(error, text)
        if (!localized) return error.message
        const reason = error.details.reason
        if (typeof reason === 'string' && isKnown(REASONS, reason)) return t(`serverErrors.reason.${reason}`)
        if (isKnown(CODES, error.code)) return t(`serverErrors.code.${error.code}`, { status: error.status })
        return error.message
      },
    }
  }, [t, language])
  useEffect(() => {
    useToasterText.setState({ close: value.t('toast.close'), region: value.t('toast.region') })
    return () => useToasterText.setState(ENGLISH_TOASTER_TEXT)
  }, [value])
  return <CommonTextProvider value={value}>{children}</CommonTextProvider>
}
