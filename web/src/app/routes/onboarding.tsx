import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { companyQueries } from '@/features/companies/api/queries'
import { OnboardingWizard } from '@/features/onboarding/components/onboarding-wizard'
import { providerSecretQueries } from '@/features/provider-secrets/api/queries'
import { AddSecretForm } from '@/features/provider-secrets/components/add-secret-form'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'

export function OnboardingPage() {
  usePageTitle('Launch an exocorp')
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
