import type { ComponentProps, ReactNode } from 'react'
import type { UseQueryResult } from '@tanstack/react-query'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from './skeleton'

export interface QueryTableColumn {
  label: string
  /** Right-aligned figures. */
  num?: boolean
  /** Read to screen readers only (a column of row buttons). */
  hidden?: boolean
}

/**
 * A list read by a query, shown as a table: a skeleton while it loads, the error, a note when it
 * is empty, otherwise one row per item (the caller renders the rows, row header first).
 */
export function QueryTable<T>({
  query,
  loadingLabel,
  loadingVariant = 'table',
  empty,
  caption,
  columns,
  children,
}: {
  query: UseQueryResult<{ items: T[] }>
  loadingLabel: string
  loadingVariant?: ComponentProps<typeof Skeleton>['variant']
  empty: ReactNode
  caption: string
  columns: QueryTableColumn[]
  children: (items: T[]) => ReactNode
}) {
  if (query.isPending) return <Skeleton label={loadingLabel} variant={loadingVariant} />
  if (query.isError) return <ErrorMessage error={query.error} />
  if (query.data.items.length === 0) return <p className="muted">{empty}</p>
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children(query.data.items)}</tbody>
      </table>
    </div>
  )
}
