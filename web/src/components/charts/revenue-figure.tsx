import { useCallback, useId } from 'react'
import { formatMinorMoney } from '@/lib/format'
import { PlotFigure } from './plot-figure'
import type * as PlotsModule from './plots'

export interface RevenuePoint {
  day: string
  currency: string
  orders: number
  revenueMinor: number
}

/**
 * Revenue per day (decision 055): a bar chart drawn by the lazy Plot chunk, described by a table
 * with the same figures. Used by the exocorp's Store tab and by /admin/commerce; the caller passes
 * the words (the admin screens read them from their catalogs).
 */
export function RevenueFigure({
  points,
  caption,
  labels,
}: {
  points: RevenuePoint[]
  caption: string
  labels: { day: string; orders: string; revenue: string }
}) {
  const tableId = useId()
  const draw = useCallback(
    (plots: typeof PlotsModule, width: number) =>
      plots.revenuePlot({ points, label: (day) => day.slice(5), money: (m, currency) => formatMinorMoney(m, currency) }, width),
    [points],
  )
  return (
    <div className="stack">
      <PlotFigure caption={caption} describedBy={tableId} draw={draw} />
      <div className="table-wrap" tabIndex={0}>
        <table className="table" id={tableId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{labels.day}</th>
              <th scope="col" className="num">
                {labels.orders}
              </th>
              <th scope="col" className="num">
                {labels.revenue}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={`${p.day}-${p.currency}`}>
                <th scope="row">{p.day}</th>
                <td className="num">{p.orders}</td>
                <td className="num">{formatMinorMoney(p.revenueMinor, p.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
