import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ProviderSchema } from '@exocorp/shared/companies'
import { Link, useNavigate, useParams } from 'react-router'
import { agentQueries } from '@/features/agents/api/queries'
import { AgentDetail, NewAgent, type AgentDetailProps } from '@/features/agents/components/agent-detail'
import { useBindProvider } from '@/features/companies/api/bind-provider'
import { companyQueries } from '@/features/companies/api/queries'
import { ErrorMessage } from '@/components/errors/error-message'
import { NotFound } from '@/components/errors/not-found'
import { Skeleton } from '@/components/ui/skeleton'
import { notifyError } from '@/components/ui/toast'
import { isApiError } from '@/lib/api-client'
import { paths } from '../paths'

/** `/company/:id/agents/:agentId`: one agent of an exocorp's draft at a stable URL. */
export function CompanyAgentPage() {
  return <AgentPage create={false} />
}

/** `/company/:id/new-agent`: adds an agent to the draft, then opens its page. */
export function NewAgentPage() {
  return <AgentPage create />
}

function AgentPage({ create }: { create: boolean }) {
  const { id = '', agentId = '' } = useParams()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const company = useQuery(companyQueries.detail(id))
  const bind = useBindProvider(id)

  if (company.isPending) return <Skeleton label="Loading exocorp" />
  if (company.isError) {
    if (isApiError(company.error) && company.error.status === 404)
      return (
        <NotFound title="Exocorp not found" backLabel="Back to your exocorps">
          <p>
            No exocorp has the id <code>{id}</code>, or you do not have access to it.
          </p>
        </NotFound>
      )
    return <ErrorMessage error={company.error} />
  }
  const c = company.data
  const props: AgentDetailProps = {
    companyId: c.id,
    agentId,
    canEdit: c.role === 'owner' && c.status !== 'destroyed',
    listHref: paths.company(c.id, 'agents'),
    agentHref: (a) => paths.companyAgent(c.id, a),
    credentialsHref: paths.credentials(),
    bindingsHref: paths.company(c.id),
    binding: bind.isPending,
    onBind: (provider, secretId) => {
      const parsed = ProviderSchema.safeParse(provider)
      if (!parsed.success) return
      bind.mutate(
        { provider: parsed.data, secretId },
        {
          onSuccess: () => void queryClient.invalidateQueries({ queryKey: agentQueries.all(c.id) }),
          onError: (e) => notifyError(isApiError(e) ? e.message : 'Binding failed'),
        },
      )
    },
    onNavigate: (href) => navigate(href),
    onChanged: () => void queryClient.invalidateQueries({ queryKey: companyQueries.scope(c.id) }),
  }
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="muted">
        <Link to={paths.company(c.id)}>{c.name}</Link> / <Link to={paths.company(c.id, 'agents')}>Agents</Link>
      </nav>
      {create ? <NewAgent {...props} /> : <AgentDetail key={agentId} {...props} />}
    </div>
  )
}

export { CompanyAgentPage as Component }
