import { createBrowserRouter, Navigate, type RouteObject } from 'react-router'
import { RouteError } from '@/components/errors/route-error'
import { ConsoleLayout } from './layout/console-layout'
import { paths } from './paths'
import { RequireAuth } from './require-auth'
import { AdminGate } from './routes/admin-gate'
import { DashboardPage } from './routes/dashboard'
import { ProfilePage } from './routes/profile'
import { SignInPage } from './routes/sign-in'
import { SignUpPage } from './routes/sign-up'

/** The typed route table. Admin screens are lazy so their code never loads for a non-admin. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <ConsoleLayout />,
            children: [
              { index: true, element: <Navigate to={paths.dashboard()} replace /> },
              { path: '/dashboard', element: <DashboardPage /> },
              { path: '/account/profile', element: <ProfilePage /> },
              {
                path: '/account/api-tokens',
                lazy: () => import('./routes/api-tokens').then((m) => ({ Component: m.ApiTokensPage })),
              },
              { path: '/billing', lazy: () => import('./routes/billing').then((m) => ({ Component: m.BillingPage })) },
              {
                path: '/connect/:userCode',
                lazy: () => import('./routes/connect').then((m) => ({ Component: m.ConnectPage })),
              },
              { path: '/company/:id/:tab?', lazy: () => import('./routes/company-detail') },
              { path: '/onboarding', lazy: () => import('./routes/onboarding') },
              { path: '/credentials', lazy: () => import('./routes/credentials') },
              { path: '/admin/*', element: <AdminGate /> },
              { path: '*', element: <RouteError /> },
            ],
          },
        ],
      },
    ],
  },
]

export function createRouter() {
  return createBrowserRouter(routes)
}
