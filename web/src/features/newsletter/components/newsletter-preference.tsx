import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ACCOUNT_OPS_API } from '@exocorp/shared/api-paths-account-ops'
import { NewsletterPreferenceSchema } from '@exocorp/shared/platform-ops'
import { api } from '@/lib/api-client'
import { ErrorMessage } from '@/components/errors/error-message'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'

const newsletterQueries = {
  preference: () =>
    queryOptions({
      queryKey: ['newsletter', 'preference'] as const,
      queryFn: ({ signal }) => api.get(ACCOUNT_OPS_API.newsletter, NewsletterPreferenceSchema, { signal }),
    }),
}

/** Newsletter opt-in on the profile (decision 043): off until the person turns it on. */
export function NewsletterPreference() {
  const queryClient = useQueryClient()
  const pref = useQuery(newsletterQueries.preference())
  const save = useMutation({
    mutationFn: (optedIn: boolean) => api.put(ACCOUNT_OPS_API.setNewsletter, NewsletterPreferenceSchema, { body: { optedIn } }),
    onSuccess: (data) => queryClient.setQueryData(newsletterQueries.preference().queryKey, data),
  })
  return (
    <section className="card stack" aria-labelledby="newsletter-title">
      <h2 id="newsletter-title">Newsletter</h2>
      {pref.isPending ? (
        <Skeleton label="Loading your newsletter preference" />
      ) : pref.isError ? (
        <ErrorMessage error={pref.error} />
      ) : (
        <>
          <label className="row">
            <input
              type="checkbox"
              checked={pref.data.optedIn}
              disabled={save.isPending}
              onChange={(e) => save.mutate(e.target.checked)}
            />
            Send me the product newsletter
          </label>
          {pref.data.since ? (
            <p className="muted">
              Subscribed <RelativeTime iso={pref.data.since} />.
            </p>
          ) : null}
        </>
      )}
      {save.isError ? <ErrorMessage error={save.error} /> : null}
    </section>
  )
}
