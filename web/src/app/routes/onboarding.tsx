import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { companyQueries } from '@/features/companies/api/queries'
import { OnboardingWizard } from '@/features/onboarding/components/onboarding-wizard'
import { STEPS, useOnboardingStore } from '@/features/onboarding/stores/onboarding-store'
import { providerSecretQueries } from '@/features/provider-secrets/api/queries'
import { AddSecretForm } from '@/features/provider-secrets/components/add-secret-form'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'

/**
 * Each wizard step is a browser-history entry (`?step=2`), so Back goes to the previous step and a
 * reload stays put. The wizard's store stays the source of its data; the URL only moves the step,
 * and never past what has been filled in.
 */
function useStepInHistory() {
  const [search, setSearch] = useSearchParams()
  const step = useOnboardingStore((s) => s.step)
  const raw = Number(search.get('step'))
  const urlStep = Number.isInteger(raw) && raw >= 1 && raw <= STEPS.length ? raw - 1 : null
  const lastStep = useRef(step)
  const lastUrl = useRef<number | null>(null)
  useEffect(() => {
    const { name, slug, set } = useOnboardingStore.getState()
    if (urlStep !== lastUrl.current && urlStep !== null && lastUrl.current !== null && urlStep !== step) {
      // Back / Forward moved the URL: move the wizard, as far as its data allows.
      const reachable = !name ? 0 : !slug ? 1 : STEPS.length - 1
      const target = Math.min(urlStep, reachable)
      lastUrl.current = urlStep
      lastStep.current = target
      set({ step: target })
      if (target !== urlStep) setSearch({ step: String(target + 1) }, { replace: true })
      return
    }
    if (urlStep === null || lastUrl.current === null) {
      // First visit (or an address naming a step): the URL starts at the wizard's step, no new entry.
      const reachable = !name ? 0 : !slug ? 1 : STEPS.length - 1
      const target = urlStep === null ? step : Math.min(urlStep, reachable, step)
      lastUrl.current = target
      lastStep.current = target
      if (target !== step) set({ step: target })
      if (urlStep !== target) setSearch({ step: String(target + 1) }, { replace: true })
      return
    }
    if (step !== lastStep.current) {
      // The wizard moved (Continue / Back): record the step as a new history entry. A reset after
      // the draft is provisioned is not a step and leaves the history alone.
      lastStep.current = step
      if (step === 0 && !name) return
      lastUrl.current = step
      if (urlStep !== step) setSearch({ step: String(step + 1) })
    }
  }, [step, urlStep, setSearch])
}

export function OnboardingPage() {
  usePageTitle('Launch an exocorp')
  useStepInHistory()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const secrets = useQuery(providerSecretQueries.list())
  const refreshCompanies = () => void queryClient.invalidateQueries({ queryKey: companyQueries.all() })
  return (
    <OnboardingWizard
      secrets={secrets.data?.items ?? []}
      renderAddSecret={(provider, onAdded) => <AddSecretForm provider={provider} onAdded={(secret) => onAdded(secret.id)} />}
      onDraftSaved={(company) => {
        queryClient.setQueryData(companyQueries.detail(company.id).queryKey, company)
        refreshCompanies()
        void queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() })
      }}
      onProvisioned={(company) => {
        queryClient.setQueryData(companyQueries.detail(company.id).queryKey, company)
        refreshCompanies()
        navigate(paths.company(company.id))
      }}
      onSkipProvision={(id) => navigate(paths.company(id))}
    />
  )
}

export { OnboardingPage as Component }
