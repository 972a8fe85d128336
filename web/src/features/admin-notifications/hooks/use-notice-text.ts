import { useTranslation } from 'react-i18next'
import { type AdminNotification } from '@exocorp/shared/admin-notifications'
import { ADMIN_NOTICE_COUNTS, parseNoticeMessage } from '@exocorp/shared/admin-notice-messages'
import { en } from '@/lib/i18n/en'

type TitleKey = keyof typeof en.adminNotices.title
/** A detail of its own, or one in plural forms (`<key>_one`, `<key>_other`: counted by a fact). */
type DetailKey = keyof typeof en.adminNotices.detail extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never

const hasTitle = (key: string): key is TitleKey => Object.hasOwn(en.adminNotices.title, key)
const hasDetail = (key: string): key is DetailKey =>
  Object.hasOwn(en.adminNotices.detail, key) || Object.hasOwn(en.adminNotices.detail, `${key}_other`)

/**
 * A platform notice's title and detail in the reader's language (decision 063): the catalog's
 * message for its key, filled with its facts. The stored English instead for a notice without a
 * key, with a key this console does not know yet (a newer server), or with params that are not that
 * key's (`ADMIN_NOTICE_PARAMS`: a fact missing would show a raw `{{exocorp}}`, one of another type a
 * wrong sentence). A detail without a message of its own (a job's error, a runtime's or a visitor's
 * words) is shown as stored. A connector give-up's `cause` is a code: its words
 * (`adminNotices.cause.<code>`, with the cause's facts) fill the detail's `{{cause}}`. A key counted
 * by a fact (`ADMIN_NOTICE_COUNTS`) passes it as i18next's `count`, which picks the plural form.
 */
export function useNoticeText(): (n: Pick<AdminNotification, 'title' | 'detail' | 'messageKey' | 'messageParams'>) => {
  title: string
  detail: string | null
} {
  const { t } = useTranslation()
  return (n) => {
    const message = parseNoticeMessage(n.messageKey, n.messageParams)
    if (!message || !hasTitle(message.key)) return { title: n.title, detail: n.detail }
    const { key, params } = message
    const counted = ADMIN_NOTICE_COUNTS[key]
    const facts: Record<string, unknown> = { ...params }
    if (counted) facts.count = facts[counted]
    if ('cause' in params) facts.cause = t(`adminNotices.cause.${params.cause}`, params)
    return {
      title: t(`adminNotices.title.${key}`, params),
      detail: hasDetail(key) ? t(`adminNotices.detail.${key}`, facts) : n.detail,
    }
  }
}
