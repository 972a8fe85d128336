import { useQuery } from '@tanstack/react-query'
import type { Notification } from '@exocorp/shared/notifications'
import { Menu, MenuItem, MenuLabel, MenuSeparator } from '@/components/ui/menu'
import { useCommonText } from '@/lib/i18n/common-text'
import { useMarkAllNotificationsRead, useMarkNotificationRead } from '../api/mark-read'
import { notificationQueries } from '../api/queries'

/**
 * The top bar's bell (issue 15 item 7): unread count, the newest notifications as a menu; choosing
 * one marks it read and opens what it is about. Kept to the small Menu the top bar already ships,
 * so the owner's first route stays within its budget (decision 011).
 */
export function NotificationBell({ onOpen }: { onOpen: (n: Notification) => void }) {
  const list = useQuery(notificationQueries.list())
  const markRead = useMarkNotificationRead()
  const markAll = useMarkAllNotificationsRead()
  const { t } = useCommonText()
  const unread = list.data?.unreadCount ?? 0
  const items = list.data?.items ?? []
  return (
    <Menu
      label={unread > 0 ? t('chrome.unread', { count: unread }) : t('chrome.notifications')}
      triggerClassName="bell-button"
      trigger={
        <>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
          {unread > 0 ? (
            <span className="menu-badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </>
      }
    >
      <MenuLabel>{t('chrome.notifications')}</MenuLabel>
      {items.length === 0 ? <MenuLabel>{t('chrome.nothingYet')}</MenuLabel> : null}
      {items.slice(0, 10).map((n) => (
        <MenuItem
          key={n.id}
          className={n.readAt ? 'notification-read' : 'notification-unread'}
          onSelect={() => {
            if (!n.readAt) markRead.mutate(n.id)
            onOpen(n)
          }}
        >
          <span className="visually-hidden">{n.readAt ? '' : t('chrome.unreadItem')}</span>
          {n.title}
        </MenuItem>
      ))}
      {unread > 0 ? (
        <>
          <MenuSeparator />
          <MenuItem onSelect={() => markAll.mutate()}>{t('chrome.markAllRead')}</MenuItem>
        </>
      ) : null}
    </Menu>
  )
}
