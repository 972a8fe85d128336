import type { Agent } from '@exocorp/shared/configuration'
import { Link } from 'react-router'
import { Button } from '@/components/ui/button'

export interface CredentialFixProps {
  agent: Agent
  canEdit: boolean
  /** Where a missing credential is added (the Credentials page). */
  credentialsHref: string
  /** Where the owner picks one of several credentials (the exocorp's bindings). */
  bindingsHref: string
  /** Binds a provider's only credential. */
  onBind?: ((provider: string, secretId: string) => void) | undefined
  binding?: boolean
}

/** Flags an agent whose model's provider has no credential bound to the exocorp, with the one step that fixes it. */
export function CredentialFix({ agent, canEdit, credentialsHref, bindingsHref, onBind, binding }: CredentialFixProps) {
  const fix = agent.fix
  if (agent.credential !== 'missing' || !fix) return null
  return (
    <div className="field-error" role="note">
      No {fix.provider} credential bound; provisioning would stop here.{' '}
      {!canEdit ? null : fix.action === 'bind' && onBind ? (
        <Button size="sm" busy={binding} onClick={() => onBind(fix.provider, fix.secretId)}>
          Bind “{fix.label}”
        </Button>
      ) : fix.action === 'choose_credential' ? (
        <Link to={bindingsHref}>Choose a {fix.provider} credential</Link>
      ) : (
        <Link to={credentialsHref}>Add a {fix.provider} credential</Link>
      )}
    </div>
  )
}
