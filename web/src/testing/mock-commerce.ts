import type { StoreSnapshotInput } from '@exocorp/shared/commerce'

const DAY = 86_400_000

/**
 * Two stores as runtimes would have reported them (decision 055): Acme Research's reported a
 * moment ago; Paused Press's went quiet an hour ago (a paused exocorp's store is not stale, which
 * the screens show; tests make one stale by setting its exocorp running).
 */
export function seedCommerce(now = Date.now()): Array<{ companyId: string; snapshot: StoreSnapshotInput; receivedAt: string }> {
  const day = (back: number) => new Date(now - back * DAY).toISOString().slice(0, 10)
  const at = (ms: number) => new Date(now - ms).toISOString()
  return [
    {
      companyId: 'c-acme',
      receivedAt: at(5_000),
      snapshot: {
        snapshotId: 'st_acme01-42',
        sequence: 42,
        takenAt: at(5_000),
        intervalSeconds: 60,
        store: { id: 'st_acme01', name: 'Acme Research shop' },
        currency: 'USD',
        productCount: 4,
        orderCount: 7,
        lastOrderAt: at(60_000),
        revenueMinor: 18_450,
        revenueByDay: [
          { day: day(2), orders: 2, revenueMinor: 3_800 },
          { day: day(1), orders: 3, revenueMinor: 9_750 },
          { day: day(0), orders: 2, revenueMinor: 4_900 },
        ],
      },
    },
    {
      companyId: 'c-paused',
      receivedAt: at(3_600_000),
      snapshot: {
        snapshotId: 'st_press01-9',
        sequence: 9,
        takenAt: at(3_600_000),
        intervalSeconds: 60,
        store: { id: 'st_press01', name: 'Press kiosk' },
        currency: 'EUR',
        productCount: 2,
        orderCount: 1,
        lastOrderAt: at(2 * DAY),
        revenueMinor: 1_200,
        revenueByDay: [{ day: day(2), orders: 1, revenueMinor: 1_200 }],
      },
    },
  ]
}
