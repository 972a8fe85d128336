import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router'
import { AppProvider } from './app/provider'
import { createRouter } from './app/router'
import { createQueryClient } from './lib/query-client'
import './styles.css'

async function start() {
  // Mocked mode (`pnpm dev:mock`): msw answers /api in the browser; the import is dropped from real builds.
  if (import.meta.env.MODE === 'mock') {
    const { startMockWorker } = await import('./testing/browser')
    await startMockWorker()
  }
  const root = document.getElementById('root')
  if (!root) throw new Error('#root is missing from index.html')
  const queryClient = createQueryClient()
  createRoot(root).render(
    <StrictMode>
      <AppProvider queryClient={queryClient}>
        <RouterProvider router={createRouter(queryClient)} />
      </AppProvider>
    </StrictMode>,
  )
}

void start()
