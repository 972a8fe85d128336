import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { lazy, Suspense, type ReactNode } from 'react'
import { Route, Routes } from 'react-router'
import { NotFound } from '@/components/errors/not-found'
import { authQueries } from '@/features/auth/api/queries'
import { paths } from '../../paths'
import { AdminAuditPage } from './admin-audit'
import { AdminBillingAccountsPage, AdminCollectionsPage, AdminProviderEventsPage } from './admin-billing'
import { AdminBillingAccountPage } from './admin-billing-account'
import { AdminCompaniesPage } from './admin-companies'
import { AdminCompanyDetailPage } from './admin-company-detail'
import { AdminFeedbackPage } from './admin-feedback'
import { AdminLandingPage } from './admin-landing'
import { AdminRuntimePage } from './admin-runtime'
import { AdminUserDetailPage } from './admin-user-detail'
import { AdminUsersPage } from './admin-users'
import { Skeleton } from '@/components/ui/skeleton'
import { AdminCommonText } from '@/components/admin-common-text'
import { loadCatalog } from '@/lib/i18n/admin-i18n'
import { activeLocale } from '@/lib/locale'

// Screens added after the admin chunk's budget was set load in their own chunks (decision 042).
const AdminSitePagesPage = lazy(() => import('./admin-site').then((m) => ({ default: m.AdminSitePagesPage })))
const AdminSitePagePage = lazy(() => import('./admin-site').then((m) => ({ default: m.AdminSitePagePage })))
const AdminPricingPage = lazy(() => import('./admin-pricing').then((m) => ({ default: m.AdminPricingPage })))
const AdminBroadcastsPage = lazy(() => import('./admin-operations').then((m) => ({ default: m.AdminBroadcastsPage })))
const AdminSkillsPage = lazy(() => import('./admin-operations').then((m) => ({ default: m.AdminSkillsPage })))
const AdminUsagePage = lazy(() => import('./admin-usage').then((m) => ({ default: m.AdminUsagePage })))
const AdminModelsPage = lazy(() => import('./admin-usage').then((m) => ({ default: m.AdminModelsPage })))
const AdminCommercePage = lazy(() => import('./admin-commerce').then((m) => ({ default: m.AdminCommercePage })))
const AdminConnectorEventsPage = lazy(() =>
  import('./admin-connector-events').then((m) => ({ default: m.AdminConnectorEventsPage })),
)
const AdminDeploymentsPage = lazy(() => import('./admin-deployments').then((m) => ({ default: m.AdminDeploymentsPage })))
const AdminDeploymentPage = lazy(() => import('./admin-deployments').then((m) => ({ default: m.AdminDeploymentPage })))
const AdminWalletsPage = lazy(() => import('./admin-wallets').then((m) => ({ default: m.AdminWalletsPage })))
function LazyScreen({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  return <Suspense fallback={<Skeleton label={t('shell.loading')} />}>{children}</Suspense>
}
const lazyScreen = (node: ReactNode) => <LazyScreen>{node}</LazyScreen>

/**
 * Resolves once the chosen language's catalog is in memory (at once for English), so the admin
 * gate can hold its own words until the screens can render in that language (decision 064). A
 * catalog that fails to load leaves the screens in English rather than the gate waiting forever.
 */
export function adminLanguageReady(): Promise<void> {
  return loadCatalog(activeLocale()).catch(() => undefined)
}

/**
 * The admin context: loaded on demand, and refused outright for non-admins. The shared pieces its
 * screens borrow (pager, copy buttons, toasts, dialogs, error states) speak the admin console's
 * language inside it.
 */
export function AdminRoutes() {
  return (
    <AdminCommonText>
      <AdminScreens />
    </AdminCommonText>
  )
}

function AdminScreens() {
  const me = useQuery(authQueries.me())
  const { t } = useTranslation()
  if (!me.data?.isAdmin) {
    return (
      <div role="alert" className="alert alert-error">
        {t('shell.refused')}
      </div>
    )
  }
  return (
    <Routes>
      <Route index element={<AdminLandingPage />} />
      <Route path="companies" element={<AdminCompaniesPage />} />
      <Route path="companies/:companyId" element={<AdminCompanyDetailPage />} />
      <Route path="users" element={<AdminUsersPage />} />
      <Route path="users/:userId" element={<AdminUserDetailPage />} />
      <Route path="audit" element={<AdminAuditPage />} />
      <Route path="feedback" element={<AdminFeedbackPage />} />
      <Route path="runtime" element={<AdminRuntimePage />} />
      <Route path="site/pages" element={lazyScreen(<AdminSitePagesPage />)} />
      <Route path="site/pages/:pageId" element={lazyScreen(<AdminSitePagePage />)} />
      <Route path="deployments" element={lazyScreen(<AdminDeploymentsPage />)} />
      <Route path="deployments/:targetId" element={lazyScreen(<AdminDeploymentPage />)} />
      <Route path="pricing" element={lazyScreen(<AdminPricingPage />)} />
      <Route path="broadcasts" element={lazyScreen(<AdminBroadcastsPage />)} />
      <Route path="skills" element={lazyScreen(<AdminSkillsPage />)} />
      <Route path="agent-wallets" element={lazyScreen(<AdminWalletsPage />)} />
      <Route path="usage" element={lazyScreen(<AdminUsagePage />)} />
      <Route path="models" element={lazyScreen(<AdminModelsPage />)} />
      <Route path="commerce" element={lazyScreen(<AdminCommercePage />)} />
      <Route path="connector-events" element={lazyScreen(<AdminConnectorEventsPage />)} />
      <Route path="billing" element={<AdminBillingAccountsPage />} />
      <Route path="billing/accounts/:accountId" element={<AdminBillingAccountPage />} />
      <Route path="billing/collections" element={<AdminCollectionsPage />} />
      <Route path="billing/provider-events" element={<AdminProviderEventsPage />} />
      <Route
        path="*"
        element={
          <NotFound backTo={paths.admin()} backLabel={t('shell.backToAdmin')}>
            <p>{t('shell.notFound')}</p>
          </NotFound>
        }
      />
    </Routes>
  )
}
