import { useEffect, useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { FieldIssueSchema, type FieldIssue } from '@exocorp/shared/field-issues'
import { errorMessage, isApiError, type ApiError } from '@/lib/api-client'
import { en } from '@/lib/i18n/en'
import { CommonTextProvider, useShellText, type CommonText } from '@/lib/i18n/common-text'
import type { CommonTranslate } from '@/lib/i18n/common-translate'

const REASONS = en.serverErrors.reason
const CODES = en.serverErrors.code
/** The server's field-error sentences the catalog knows, by their English. */
const FIELDS = new Map(
  Object.entries(en.serverErrors.field).map(([key, english]) => [english, key as keyof typeof en.serverErrors.field]),
)

const ISSUES = en.serverErrors.issue
type IssueKey = keyof typeof ISSUES
const RULES = en.serverErrors.rule

/**
 * The catalog's message for a field issue: `<code>_<what>` where the wording depends on what the
 * check named, else `<code>`; null where the server's sentence is the better one (a contract rule
 * of its own or a pattern that names no rule this catalog knows) or the catalog does not know the issue.
 */
function issueKey(issue: FieldIssue): IssueKey | null {
  if (issue.code === 'custom' || issue.format === 'regex') return null
  const number = issue.origin === 'int' || issue.origin === 'bigint' ? 'number' : issue.origin
  const what =
    issue.code === 'invalid_type'
      ? issue.expected
      : issue.code === 'too_small' || issue.code === 'too_big'
        ? `${number}${number === 'number' && issue.inclusive === false ? '_exclusive' : ''}`
        : issue.code === 'invalid_format'
          ? issue.format
          : issue.code === 'unrecognized_keys' && issue.allowed?.length
            ? 'allowed'
            : undefined
  for (const key of what ? [`${issue.code}_${what}`, issue.code] : [issue.code]) if (isKnown(ISSUES, key)) return key
  return null
}

/** `details.fieldIssues` as far as this client understands it: an issue it cannot read is left out. */
function fieldIssuesOf(error: ApiError): Record<string, (FieldIssue | undefined)[]> {
  const raw = error.details.fieldIssues
  // The paths are the server's: without a prototype, one named `__proto__` stays a plain key.
  const out: Record<string, (FieldIssue | undefined)[]> = Object.create(null)
  if (!raw || typeof raw !== 'object') return out
  for (const [path, issues] of Object.entries(raw)) {
    if (Array.isArray(issues)) out[path] = issues.map((i) => FieldIssueSchema.safeParse(i).data)
  }
  return out
}

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
    const field = (message: string) => {
      const key = localized ? FIELDS.get(message) : undefined
      return key ? t(`serverErrors.field.${key}`) : message
    }
    return {
      t: text,
      refusal,
      field,
      fields: (error) => {
        if (!isApiError(error)) return {}
        if (!localized) return error.fieldErrors
        // Each sentence in its issue's words (with the bound, type or values it names), else as sent.
        const issues = fieldIssuesOf(error)
        const out: Record<string, string[]> = Object.create(null)
        for (const [path, messages] of Object.entries(error.fieldErrors)) {
          out[path] = messages.map((message, i) => {
            const issue = issues[path]?.[i]
            // A rule the contract or a service states by key (decision 064), with what it names.
            if (issue?.key && isKnown(RULES, issue.key)) return t(`serverErrors.rule.${issue.key}`, { ...issue.vars })
            const key = issue ? issueKey(issue) : null
            if (!issue || !key) return field(message)
            return t(`serverErrors.issue.${key}`, {
              ...issue,
              values: issue.values?.join(', '),
              allowed: issue.allowed?.join(', '),
            })
          })
        }
        return out
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
  // The console around the screen (top bar, menus, sidebar, banners, toaster) reads the same
  // language while an admin screen shows, and English again once the person leaves for their own.
  useEffect(() => {
    useShellText.setState(value, true)
    return () => useShellText.setState(useShellText.getInitialState(), true)
  }, [value])
  return <CommonTextProvider value={value}>{children}</CommonTextProvider>
}
