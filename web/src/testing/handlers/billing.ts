import { http, HttpResponse } from 'msw'
import type { OwnerBilling } from '@exocorp/shared/billing'
import { db } from '../mock-db'
import { OWNER_NOTICES } from '../mock-billing'
import { apiError, requireUser } from '../http'
import { collectionsRow } from './admin-billing'

export const billingHandlers = [
  http.get('/api/billing/account', () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const row = collectionsRow(a)
    const body: OwnerBilling = {
      account: row.account,
      recentEntries: db.billing.ledger
        .filter((e) => e.accountId === a.id)
        .sort((x, y) => y.at.localeCompare(x.at))
        .slice(0, 20),
      amountDueMicros: row.amountDueMicros,
      nextState: row.nextState,
      nextStateAt: row.nextStateAt,
      notice: OWNER_NOTICES[a.state],
    }
    return HttpResponse.json(body)
  }),
]
