import { useTranslation } from 'react-i18next'
import { type AdminNotification, parseNoticeMessage } from '@exocorp/shared/admin-notifications'
import { en } from '@/lib/i18n/en'

type TitleKey = keyof typeof en.adminNotices.title
type DetailKey = keyof typeof en.adminNotices.detail

const hasTitle = (key: string): key is TitleKey => Object.hasOwn(en.adminNotices.title, key)
const hasDetail = (key: string): key is DetailKey => Object.hasOwn(en.adminNotices.detail, key)

/**
 * A platform notice's title and detail in the reader's language (decision 063): the catalog's
 * message for its key, filled with its facts. The stored English instead for a notice without a
 * key, with a key this console does not know yet (a newer server), or with params that are not that
 * key's (`ADMIN_NOTICE_PARAMS`: a fact missing would show a raw `{{exocorp}}`, one of another type a
 * wrong sentence). A detail without a message of its own (a job's error, a runtime's or a visitor's
 * words) is shown as stored.
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
    return {
      title: t(`adminNotices.title.${key}`, params),
      detail: hasDetail(key) ? t(`adminNotices.detail.${key}`, params) : n.detail,
    }
  }
}
