import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { API, pathOf, searchOf } from '@exocorp/shared/api-paths'
import { LogPageSchema, type LogDownloadFormat, type LogDownloadQuery, type LogLine, type LogPage } from '@exocorp/shared/logs'
import { api } from '@/lib/api-client'
import { unlessLive } from '@/lib/live-status'

/** How many lines the Logs tab holds: the newest ones load first, pushed ones append. */
export const LOG_VIEW_LIMIT = 1000

/** The whole retained log with the tab's filters, streamed by the server (not just the lines shown). */
export function logDownloadHref(companyId: string, format: LogDownloadFormat, filters: LogDownloadQuery): string {
  const endpoint = format === 'txt' ? API.registry.logsDownloadText : API.registry.logsDownloadNdjson
  return `${pathOf(endpoint.path, { id: companyId })}${searchOf(filters)}`
}

export const logQueries = {
  all: (companyId: string) => ['logs', companyId] as const,
  /** The newest lines; `log.line` events append to it while the stream is live, else it polls. */
  tail: (companyId: string) =>
    queryOptions({
      queryKey: [...logQueries.all(companyId), 'tail'] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.logs, LogPageSchema, { params: { id: companyId }, query: { limit: LOG_VIEW_LIMIT }, signal }),
      refetchInterval: () => unlessLive(5_000),
      refetchIntervalInBackground: false,
    }),
}

/** A pushed line: appended in place (ids only grow), the oldest dropped past the view's limit. */
export function appendPushedLogLine(queryClient: QueryClient, companyId: string, line: LogLine) {
  queryClient.setQueryData<LogPage>(logQueries.tail(companyId).queryKey, (old) => {
    if (!old) return old
    const last = old.items.at(-1)
    if (last && Number(last.id) >= Number(line.id)) return old
    return { items: [...old.items, line].slice(-LOG_VIEW_LIMIT) }
  })
}
