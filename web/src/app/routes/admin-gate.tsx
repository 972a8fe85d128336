import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useMemo } from 'react'
import { authQueries } from '@/features/auth/api/queries'
import { Skeleton } from '@/components/ui/skeleton'
import { useChosenLocale } from '@/lib/locale'
import { gateTranslate } from '@/lib/i18n/gate-text'

// Imported only once the role check below has passed, so a non-admin's browser never fetches it.
// It resolves once the chosen language's catalog is in memory too, so the admin screens' first
// render is already in that language, and the gate's words hold until then (decision 064).
const AdminRoutes = lazy(() =>
  import('./admin/admin-routes').then(async (m) => {
    await m.adminLanguageReady()
    return { default: m.AdminRoutes }
  }),
)

/**
 * `/admin/*`: the role check lives here, in the main bundle, and not in a route `lazy()` (which
 * the router would resolve on match, before any element could refuse). Its words come from the
 * handful in `lib/i18n/gate-text.ts`, in the person's chosen language from the first render (the
 * console shell around it reads the same handful until the admin chunk mounts).
 */
export function AdminGate() {
  const me = useQuery(authQueries.me())
  const locale = useChosenLocale(me.data?.user.id ?? null) ?? 'en'
  const t = useMemo(() => gateTranslate(locale), [locale])
  if (me.isPending) return <Skeleton label={t('states.loading')} />
  if (!me.data?.isAdmin) {
    return (
      <div role="alert" className="alert alert-error">
        {t('shell.refused')}
      </div>
    )
  }
  return (
    <Suspense fallback={<Skeleton label={t('shell.loadingAdmin')} />}>
      <AdminRoutes />
    </Suspense>
  )
}
