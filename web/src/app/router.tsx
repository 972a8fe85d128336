import type { QueryClient } from '@tanstack/react-query'
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router'
import { NotFound } from '@/components/errors/not-found'
import { RouteError } from '@/components/errors/route-error'
import { Skeleton } from '@/components/ui/skeleton'
import { ConsoleLayout } from './layout/console-layout'
import { paths } from './paths'
import { RequireAuth } from './require-auth'
import { adminLoader, companyDetailLoader, dashboardLoader } from './route-loaders'
import { AdminGate } from './routes/admin-gate'
import { DashboardPage } from './routes/dashboard'

/**
 * The typed route table. Admin screens are lazy so their code never loads for a non-admin. The main
 * routes' loaders start their data as the route matches (route-loaders.ts).
 */
export const createRoutes = (queryClient: QueryClient): RouteObject[] => [
  {
    errorElement: <RouteError />,
    // Shown while a lazy route's code arrives on the very first load (e.g. opening /sign-in directly).
    hydrateFallbackElement: <Skeleton />,
    children: [
      // Only the owner's first route (/dashboard) is in the entry chunk; every other screen loads on demand.
      { path: '/sign-in', lazy: () => import('./routes/sign-in').then((m) => ({ Component: m.SignInPage })) },
      { path: '/sign-up', lazy: () => import('./routes/sign-up').then((m) => ({ Component: m.SignUpPage })) },
      {
        path: '/docs/api',
        lazy: () =>
          import('@/features/api-reference/components/api-reference-page').then((m) => ({ Component: m.ApiReferencePage })),
      },
      {
        element: <RequireAuth />,
        children: [
          // Outside the console shell: until the password is set the server refuses what the shell loads.
          {
            path: '/account/set-password',
            lazy: () => import('./routes/set-password').then((m) => ({ Component: m.SetPasswordPage })),
          },
          {
            element: <ConsoleLayout />,
            children: [
              { index: true, element: <Navigate to={paths.dashboard()} replace /> },
              { path: '/dashboard', element: <DashboardPage />, loader: dashboardLoader(queryClient) },
              { path: '/account/profile', lazy: () => import('./routes/profile').then((m) => ({ Component: m.ProfilePage })) },
              { path: '/account/devices', lazy: () => import('./routes/devices').then((m) => ({ Component: m.DevicesPage })) },
              { path: '/account/invites', lazy: () => import('./routes/invites').then((m) => ({ Component: m.InvitesPage })) },
              {
                path: '/invite/:token',
                lazy: () => import('./routes/invite-link').then((m) => ({ Component: m.InviteLinkPage })),
              },
              {
                path: '/account/api-tokens',
                lazy: () => import('./routes/api-tokens').then((m) => ({ Component: m.ApiTokensPage })),
              },
              {
                path: '/account/webhooks',
                lazy: () => import('./routes/webhooks').then((m) => ({ Component: m.WebhooksPage })),
              },
              { path: '/billing', lazy: () => import('./routes/billing').then((m) => ({ Component: m.BillingPage })) },
              { path: '/usage', lazy: () => import('./routes/usage').then((m) => ({ Component: m.UsagePage })) },
              {
                path: '/connect/:userCode',
                lazy: () => import('./routes/connect').then((m) => ({ Component: m.ConnectPage })),
              },
              {
                path: '/company/:id/:tab?',
                loader: companyDetailLoader(queryClient),
                lazy: () => import('./routes/company-detail'),
              },
              {
                path: '/company/:id/agents/:agentId',
                loader: companyDetailLoader(queryClient),
                lazy: () => import('./routes/company-agent'),
              },
              {
                path: '/company/:id/new-agent',
                loader: companyDetailLoader(queryClient),
                lazy: () => import('./routes/company-agent').then((m) => ({ Component: m.NewAgentPage })),
              },
              { path: '/onboarding', lazy: () => import('./routes/onboarding') },
              { path: '/credentials', lazy: () => import('./routes/credentials') },
              { path: '/admin/*', element: <AdminGate />, loader: adminLoader(queryClient) },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]

export function createRouter(queryClient: QueryClient) {
  return createBrowserRouter(createRoutes(queryClient))
}
