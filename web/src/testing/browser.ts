import { setupWorker } from 'msw/browser'
import { handlers } from './handlers'
import { resetMockDb } from './mock-db'

export async function startMockWorker() {
  resetMockDb()
  await setupWorker(...handlers).start({ onUnhandledRequest: 'bypass', quiet: false })
}
