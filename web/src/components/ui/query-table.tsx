import type { ComponentProps, ReactNode } from 'react'
import type { UseQueryResult } from '@tanstack/react-query'
import { ErrorMessage } from '@/components/errors/error-message'
import { DataTable, type DataTableColumn } from './data-table'
import { Skeleton } from './skeleton'

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
  columns: DataTableColumn[]
  children: (items: T[]) => ReactNode
}) {
  if (query.isPending) return <Skeleton label={loadingLabel} variant={loadingVariant} />
  if (query.isError) return <ErrorMessage error={query.error} />
  if (query.data.items.length === 0) return <p className="muted">{empty}</p>
  return (
    <DataTable caption={caption} columns={columns}>
      {children(query.data.items)}
    </DataTable>
  )
}
