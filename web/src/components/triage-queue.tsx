import { useState, type ReactNode } from 'react'
import type { UseQueryResult } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { ErrorMessage } from '@/components/errors/error-message'
import { Button } from '@/components/ui/button'
import type { DataTableColumn } from '@/components/ui/data-table'
import { QueryTable } from '@/components/ui/query-table'
import { useSteppedAction } from '@/components/stepped-action'

/** The one mutation a queue's row and bulk buttons run (platform owner, step-up, audited). */
interface QueueMutation<A> {
  mutate: (action: A, options: { onSuccess: (result: unknown) => void }) => void
  error: Error | null
  isPending: boolean
  reset: () => void
}

/**
 * The state of an admin triage queue (feedback, notifications): filters in the URL, the cursors
 * walked so far, the rows picked for a bulk action, and the last action, kept to send again once
 * a `reauth_required` answer has been met with the password.
 */
export function useTriageQueue<A extends { kind: string }>(
  action: QueueMutation<A>,
  {
    clearSelectionOnFilter,
    actionLabel,
    reauthenticate,
  }: {
    clearSelectionOnFilter: boolean
    /** Names the action in the step-up dialog. */
    actionLabel: string
    /** Posts the password to /api/auth/reauthenticate; composed by the route from the auth feature. */
    reauthenticate: (password: string) => Promise<unknown>
  },
) {
  const [params, setParams] = useSearchParams()
  const [cursors, setCursors] = useState<string[]>([])
  const [selected, setSelected] = useState<string[]>([])
  const stepped = useSteppedAction(action, { actionLabel, reauthenticate })
  const act = (a: A) => stepped.act(a, () => a.kind === 'bulk' && setSelected([]))
  return {
    action,
    params,
    /** The page after the last cursor walked; none on the first page. */
    cursor: cursors.at(-1),
    cursors,
    setCursors,
    selected,
    select: (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id))),
    act,
    stepUp: stepped.stepUp,
    dialog: stepped.dialog,
    setFilter: (key: string, value: string) => {
      const next = new URLSearchParams(params)
      if (value) next.set(key, value)
      else next.delete(key)
      setCursors([])
      if (clearSelectionOnFilter) setSelected([])
      setParams(next, { replace: true })
    },
  }
}

export type TriageQueueState<A extends { kind: string }> = ReturnType<typeof useTriageQueue<A>>

/**
 * Below a queue's filters: the bulk bar (when rows are picked), the action's error, the list as a
 * table, paging, an optional detail, and the step-up dialog that resends the pending action.
 */
export function TriageQueue<T, A extends { kind: string }>({
  queue,
  list,
  canAct,
  bulk,
  text,
  columns,
  children,
  detail,
}: {
  queue: TriageQueueState<A>
  list: UseQueryResult<{ items: T[]; nextCursor: string | null }>
  canAct: boolean
  bulk: { label: string; summary: string; actions: ReactNode }
  text: { loading: string; empty: string; caption: string; previous: string; next: string }
  columns: DataTableColumn[]
  children: (items: T[]) => ReactNode
  detail?: ReactNode
}) {
  const { action, stepUp, cursors, setCursors } = queue
  const nextCursor = list.data?.nextCursor
  return (
    <>
      {canAct && queue.selected.length > 0 ? (
        <div className="row wrap" role="group" aria-label={bulk.label}>
          <span>{bulk.summary}</span>
          {bulk.actions}
        </div>
      ) : null}
      {action.error && !stepUp ? <ErrorMessage error={action.error} /> : null}

      <QueryTable
        query={list}
        loadingLabel={text.loading}
        loadingVariant="page"
        empty={text.empty}
        caption={text.caption}
        columns={columns}
      >
        {children}
      </QueryTable>
      <div className="row">
        {cursors.length ? (
          <Button size="sm" onClick={() => setCursors((c) => c.slice(0, -1))}>
            {text.previous}
          </Button>
        ) : null}
        {nextCursor ? (
          <Button size="sm" onClick={() => setCursors((c) => [...c, nextCursor])}>
            {text.next}
          </Button>
        ) : null}
      </div>

      {detail}

      {queue.dialog}
    </>
  )
}
