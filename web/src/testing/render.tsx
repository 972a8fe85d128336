import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { AppProvider } from '@/app/provider'
import { createRoutes } from '@/app/router'
import { createQueryClient } from '@/lib/query-client'

/** Renders the whole app at `path` with a fresh QueryClient (no retries), as a person would see it. */
export function renderRoute(path: string) {
  // The app's own defaults (network mode included), minus retries and caching that slow tests down.
  const queryClient = createQueryClient()
  const defaults = queryClient.getDefaultOptions()
  queryClient.setDefaultOptions({
    queries: { ...defaults.queries, retry: false, staleTime: 0 },
    mutations: { ...defaults.mutations, retry: false },
  })
  const router = createMemoryRouter(createRoutes(queryClient), { initialEntries: [path] })
  const user = userEvent.setup()
  const utils = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  )
  return { ...utils, user, router, queryClient }
}
