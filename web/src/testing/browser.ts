import { setupWorker } from 'msw/browser'
import { handlers } from './handlers'
import { db, resetMockDb } from './mock-db'
import { seedConnectorEvents } from './mock-connector-events'

export async function startMockWorker() {
  resetMockDb()
  // Mocked mode only (tests seed their own): a few deliveries for /admin/connector-events.
  db.connectorEvents.push(...seedConnectorEvents())
  await setupWorker(...handlers).start({ onUnhandledRequest: 'bypass', quiet: false })
}
