import { useQuery } from '@tanstack/react-query'
import { MAX_CHOSEN_COMPANIES } from '@exocorp/shared/operator-clients'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { operatorClientQueries } from '../api/queries'

/** `null`: every exocorp, including ones created later; a list: only those. */
export type CompanyChoiceValue = readonly string[] | null

/**
 * Which exocorps the agent's token reaches (issue 20 item 8): all of the human's, or the ones ticked
 * here. The BFF holds the token to the choice; the list is the human's own fleet, by name.
 */
export function CompanyChoice({ value, onChange }: { value: CompanyChoiceValue; onChange: (next: CompanyChoiceValue) => void }) {
  const chosen = new Set(value ?? [])
  const fleet = useQuery({ ...operatorClientQueries.choosable(), enabled: value !== null })
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : [...chosen].filter((x) => x !== id))
  return (
    <fieldset className="stack">
      <legend>Exocorps it can reach</legend>
      <label className="row">
        <input type="radio" name="reach" checked={value === null} onChange={() => onChange(null)} />
        All my exocorps, including ones created later
      </label>
      <label className="row">
        <input type="radio" name="reach" checked={value !== null} onChange={() => onChange([])} />
        Only the exocorps I choose
      </label>
      {value === null ? null : fleet.isPending ? (
        <Skeleton label="Loading your exocorps" />
      ) : fleet.isError ? (
        <ErrorMessage error={fleet.error} title="Your exocorps could not be loaded." />
      ) : fleet.data.items.length === 0 ? (
        <p className="muted small">You have no exocorps yet: allow all, so the agent can reach the ones you create.</p>
      ) : (
        <div className="stack" style={{ maxHeight: '14rem', overflowY: 'auto' }} role="group" aria-label="Choose exocorps">
          {fleet.data.items.map((c) => (
            <label key={c.id} className="row">
              <input type="checkbox" checked={chosen.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
              {c.name} <span className="muted small">{c.slug}</span>
            </label>
          ))}
          {fleet.data.nextCursor ? (
            <p className="muted small">
              Showing your first {MAX_CHOSEN_COMPANIES} exocorps by name; to reach more than that, allow all.
            </p>
          ) : null}
        </div>
      )}
      {value !== null ? (
        <p className="muted small" aria-live="polite">
          {chosen.size === 0 ? 'Choose at least one exocorp.' : `${chosen.size} chosen.`} The agent cannot create exocorps, and
          any other exocorp looks to it as if it did not exist.
        </p>
      ) : null}
    </fieldset>
  )
}
