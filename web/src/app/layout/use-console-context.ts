import { useLocation } from 'react-router'

export type ConsoleContext = { kind: 'fleet' } | { kind: 'admin' }

/** The context follows the URL, so a shared link opens in the right one. */
export function useConsoleContext(): ConsoleContext {
  const { pathname } = useLocation()
  if (pathname === '/admin' || pathname.startsWith('/admin/')) return { kind: 'admin' }
  return { kind: 'fleet' }
}
