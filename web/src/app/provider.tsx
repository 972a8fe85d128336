import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import { applyTheme, useThemeStore } from '@/lib/theme'

export function AppProvider({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  const theme = useThemeStore((s) => s.theme)
  useEffect(() => applyTheme(theme), [theme])
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
}
