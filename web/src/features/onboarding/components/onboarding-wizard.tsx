import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react'
import {
  ReleaseChannelSchema,
  SlugSchema,
  type CompanyDetail,
  type Provider,
  type ReleaseChannel,
} from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { STARTER_AGENTS, useCreateDraftCompany, useProvisionNow } from '../api/launch-company'
import { onboardingQueries } from '../api/queries'
import { slugify, STEPS, useOnboardingStore } from '../stores/onboarding-store'

export interface SecretChoice {
  id: string
  provider: Provider
  label: string
  last4: string
}

export interface OnboardingWizardProps {
  secrets: SecretChoice[]
  /** A form to add a credential for one provider (composed by the route from the credentials feature). */
  renderAddSecret: (provider: Provider, onAdded: (secretId: string) => void) => ReactNode
  onDraftSaved: (company: CompanyDetail) => void
  onProvisioned: (company: CompanyDetail) => void
  onSkipProvision: (companyId: string) => void
}

const CHANNELS: { value: ReleaseChannel; label: string; hint: string }[] = [
  { value: 'stable', label: 'Stable', hint: 'Tested releases. Recommended.' },
  { value: 'beta', label: 'Beta', hint: 'New features a few weeks early.' },
  { value: 'canary', label: 'Canary', hint: 'Every new build. Expect rough edges.' },
]

function useDebounced<T>(value: T, ms: number) {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}

/** Name → address (slug) → channel → providers → review → create the draft → offer to provision. */
export function OnboardingWizard({
  secrets,
  renderAddSecret,
  onDraftSaved,
  onProvisioned,
  onSkipProvision,
}: OnboardingWizardProps) {
  const state = useOnboardingStore()
  const { step, name, slug, channel, picks, createdId, set } = state
  const [nameError, setNameError] = useState<string | undefined>()
  const [slugServerError, setSlugServerError] = useState<string | undefined>()
  const [adding, setAdding] = useState<Provider | null>(null)
  const headingId = useId()

  const slugCheck = SlugSchema.safeParse(slug)
  const debouncedSlug = useDebounced(slugCheck.success ? slugCheck.data : '', 250)
  const availability = useQuery({
    ...onboardingQueries.slugAvailability(debouncedSlug),
    enabled: step >= 1 && debouncedSlug !== '',
    // The previous answer stays while the next slug is checked (every use compares its slug), so
    // the host preview does not flicker as the user types.
    placeholderData: keepPreviousData,
  })
  const release = useQuery({ ...onboardingQueries.currentRelease(channel), enabled: step >= 3 })

  const create = useCreateDraftCompany((company) => {
    set({ createdId: company.id })
    onDraftSaved(company)
  })
  const provision = useProvisionNow(({ company }) => {
    state.reset()
    onProvisioned(company)
  })

  const go = (next: number) => set({ step: next })

  if (createdId) {
    return (
      <section className="card stack wizard" aria-labelledby={headingId}>
        <h2 id={headingId}>{name} is saved as a draft</h2>
        {create.isError ? (
          <ErrorMessage error={create.error} title="Some credentials could not be bound; bind them from the exocorp page." />
        ) : null}
        <p>Provision it now to start its runtime, or come back to it later from your dashboard.</p>
        <ErrorMessage error={provision.error} title="Could not provision." />
        <div className="row wrap">
          <Button variant="primary" busy={provision.isPending} onClick={() => provision.mutate(createdId)}>
            Provision now
          </Button>
          <Button
            onClick={() => {
              state.reset()
              onSkipProvision(createdId)
            }}
          >
            Later
          </Button>
        </div>
      </section>
    )
  }

  const submitName = (e: FormEvent) => {
    e.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) return setNameError('Enter a name')
    if (trimmed.length > 80) return setNameError('Use at most 80 characters')
    setNameError(undefined)
    set({ step: 1, slug: state.slugEdited ? slug : slugify(trimmed) })
  }

  const slugOk = slugCheck.success && availability.data?.slug === slugCheck.data && availability.data.available
  // The hosts the platform will really use: its configured bases (from the last answer) under the slug as typed.
  const answered = availability.data
  const previewHosts =
    slugCheck.success && answered?.domains
      ? {
          portal: slugCheck.data + answered.domains.portal.slice(answered.slug.length),
          app: slugCheck.data + answered.domains.app.slice(answered.slug.length),
        }
      : null
  const slugMessage = !slug
    ? undefined
    : !slugCheck.success
      ? slugCheck.error.issues[0]?.message
      : (slugServerError ??
        (availability.data && availability.data.slug === slugCheck.data && !availability.data.available
          ? (availability.data.reason ?? 'This slug is taken')
          : undefined))

  const release_ = release.data
  const needed: [Provider, boolean][] = release_
    ? [
        ...release_.requiredProviders.map((p) => [p, true] as [Provider, boolean]),
        ...release_.optionalProviders.map((p) => [p, false] as [Provider, boolean]),
      ]
    : []
  const missingRequired = needed.filter(([p, req]) => req && !picks[p]).map(([p]) => p)

  const launch = () => {
    const relevant = Object.fromEntries(needed.filter(([p]) => picks[p]).map(([p]) => [p, picks[p]]))
    create.mutate(
      { input: { name: name.trim(), slug: slugCheck.success ? slugCheck.data : slug, channel }, picks: relevant },
      {
        onError: (e) => {
          if (isApiError(e) && e.status === 409 && e.details.reason === 'slug_taken') {
            setSlugServerError(e.message)
            go(1)
          }
        },
      },
    )
  }

  return (
    <section className="card stack wizard" aria-labelledby={headingId}>
      <ol className="wizard-steps" aria-label="Onboarding steps">
        {STEPS.map((label, i) => (
          <li key={label} aria-current={i === step ? 'step' : undefined} className={i < step ? 'done' : undefined}>
            <span className="step-number">{i + 1}</span> {label}
          </li>
        ))}
      </ol>
      <h2 id={headingId}>
        Step {step + 1} of {STEPS.length}: {STEPS[step]}
      </h2>

      {step === 0 ? (
        <form onSubmit={submitName} noValidate className="stack">
          <Field
            label="Exocorp name"
            value={name}
            onChange={(e) => set({ name: e.target.value })}
            error={nameError}
            hint="What you and your team call it. You can rename it later."
            autoFocus
          />
          <div className="row">
            <Button type="submit" variant="primary">
              Continue
            </Button>
          </div>
        </form>
      ) : null}

      {step === 1 ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (slugOk) go(2)
          }}
          noValidate
          className="stack"
        >
          <Field
            label="Slug"
            value={slug}
            onChange={(e) => {
              setSlugServerError(undefined)
              set({ slug: e.target.value.toLowerCase(), slugEdited: true })
            }}
            error={slugMessage}
            hint={
              previewHosts ? (
                <>
                  Its operator portal will be <span className="mono">{previewHosts.portal}</span> and its public app{' '}
                  <span className="mono">{previewHosts.app}</span>. The slug cannot be changed later.
                </>
              ) : (
                'Lowercase letters, digits and hyphens. It names your exocorp’s hosts and cannot be changed later.'
              )
            }
            spellCheck={false}
            autoComplete="off"
            autoFocus
          />
          <p className="small" role="status" aria-live="polite">
            {slugCheck.success && !slugMessage
              ? availability.isFetching || availability.data?.slug !== slugCheck.data
                ? 'Checking availability…'
                : slugOk
                  ? `${slugCheck.data} is available`
                  : ''
              : ''}
          </p>
          <div className="row">
            <Button onClick={() => go(0)}>Back</Button>
            <Button type="submit" variant="primary" aria-disabled={!slugOk || undefined}>
              Continue
            </Button>
          </div>
        </form>
      ) : null}

      {step === 2 ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            go(3)
          }}
          className="stack"
        >
          <fieldset className="stack radio-cards">
            <legend>Release channel</legend>
            {CHANNELS.map((c) => (
              <label key={c.value} className="radio-card">
                <input
                  type="radio"
                  name="channel"
                  value={c.value}
                  checked={channel === c.value}
                  onChange={(e) => {
                    const parsed = ReleaseChannelSchema.safeParse(e.target.value)
                    if (parsed.success) set({ channel: parsed.data })
                  }}
                />
                <span>
                  <strong>{c.label}</strong> <span className="muted">{c.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="row">
            <Button onClick={() => go(1)}>Back</Button>
            <Button type="submit" variant="primary">
              Continue
            </Button>
          </div>
        </form>
      ) : null}

      {step === 3 ? (
        <div className="stack">
          {release.isPending ? (
            <p>Loading the release…</p>
          ) : release.isError ? (
            <ErrorMessage error={release.error} />
          ) : (
            <>
              <p>
                Release {release.data.version} on {channel} needs these providers. Pick a credential you already have, or add one.
              </p>
              <ul className="provider-picks">
                {needed.map(([provider, required]) => {
                  const options = secrets.filter((s) => s.provider === provider)
                  const selectId = `${headingId}-${provider}`
                  return (
                    <li key={provider} className="stack">
                      <div className="field">
                        <label htmlFor={selectId}>
                          {provider} <span className="muted">({required ? 'required' : 'optional'})</span>
                        </label>
                        <select
                          id={selectId}
                          value={picks[provider] ?? ''}
                          onChange={(e) => set({ picks: { ...picks, [provider]: e.target.value || undefined } })}
                        >
                          <option value="">{options.length ? 'Choose a credential' : 'No credential yet'}</option>
                          {options.map((s) => (
                            <option key={s.id} value={s.id}>
                              {s.label} (…{s.last4})
                            </option>
                          ))}
                        </select>
                      </div>
                      {adding === provider ? (
                        renderAddSecret(provider, (secretId) => {
                          set({ picks: { ...useOnboardingStore.getState().picks, [provider]: secretId } })
                          setAdding(null)
                        })
                      ) : (
                        <div>
                          <Button size="sm" variant="ghost" onClick={() => setAdding(provider)}>
                            Add a new {provider} credential
                          </Button>
                        </div>
                      )}
                    </li>
                  )
                })}
              </ul>
              {missingRequired.length ? (
                <p className="alert alert-info">
                  Without {missingRequired.join(', ')} the draft is saved but cannot be provisioned until you add it.
                </p>
              ) : null}
            </>
          )}
          <div className="row">
            <Button onClick={() => go(2)}>Back</Button>
            <Button variant="primary" onClick={() => go(4)} disabled={!release.data}>
              Continue
            </Button>
          </div>
        </div>
      ) : null}

      {step === 4 ? (
        <div className="stack">
          <dl className="facts">
            <dt>Name</dt>
            <dd>{name}</dd>
            <dt>Slug</dt>
            <dd className="mono">{slug}</dd>
            <dt>Domains</dt>
            <dd className="mono">{previewHosts ? `${previewHosts.portal}, ${previewHosts.app}` : 'Checking…'}</dd>
            <dt>Channel</dt>
            <dd>{channel}</dd>
            <dt>Agents</dt>
            <dd>A starter team: {STARTER_AGENTS.map((a) => a.name).join(' and ')}. You can change it in the draft later.</dd>
            <dt>Credentials</dt>
            <dd>
              {needed.length === 0
                ? 'None'
                : needed
                    .map(([p]) => {
                      const s = secrets.find((x) => x.id === picks[p])
                      return `${p}: ${s ? `${s.label} (…${s.last4})` : 'not set'}`
                    })
                    .join('; ')}
            </dd>
          </dl>
          <ErrorMessage error={create.error} title="Could not create the exocorp." />
          <div className="row">
            <Button onClick={() => go(3)}>Back</Button>
            <Button variant="primary" busy={create.isPending} onClick={launch}>
              Create exocorp
            </Button>
          </div>
        </div>
      ) : null}

      {step > 0 ? (
        <p className="muted small">
          Your answers are kept if you leave.{' '}
          <button type="button" className="link-button" onClick={() => state.reset()}>
            Start over
          </button>
        </p>
      ) : null}
    </section>
  )
}
