import { useId, useState, type FormEvent } from 'react'
import { CreateProviderSecretInputSchema, ProviderSchema, type Provider, type ProviderSecret } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useCreateProviderSecret } from '../api/create-secret'

type Errors = Partial<Record<'provider' | 'label' | 'value', string>>

/** Adds a credential. The value is write-only: once saved, only its last four characters are ever shown. */
export function AddSecretForm({
  provider: fixedProvider,
  onAdded,
}: {
  provider?: Provider
  onAdded?: (secret: ProviderSecret) => void
}) {
  const create = useCreateProviderSecret()
  const [provider, setProvider] = useState<Provider>(fixedProvider ?? 'openai')
  const [label, setLabel] = useState('')
  const [value, setValue] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const providerId = useId()

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const parsed = CreateProviderSecretInputSchema.safeParse({ provider: fixedProvider ?? provider, label, value })
    if (!parsed.success) {
      const next: Errors = {}
      for (const issue of parsed.error.issues) {
        const key = issue.path[0]
        if ((key === 'provider' || key === 'label' || key === 'value') && !next[key]) next[key] = issue.message
      }
      setErrors(next)
      return
    }
    setErrors({})
    create.mutate(parsed.data, {
      onSuccess: (secret) => {
        setLabel('')
        setValue('')
        onAdded?.(secret)
      },
    })
  }
  const serverFields = isApiError(create.error) ? create.error.fieldErrors : {}

  return (
    <form onSubmit={submit} noValidate className="stack add-secret-form">
      {fixedProvider ? null : (
        <div className="field">
          <label htmlFor={providerId}>Provider</label>
          <select
            id={providerId}
            value={provider}
            onChange={(e) => {
              const p = ProviderSchema.safeParse(e.target.value)
              if (p.success) setProvider(p.data)
            }}
          >
            {ProviderSchema.options.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      )}
      <Field
        label="Label"
        value={label}
        onChange={(e) => setLabel(e.target.value)}
        error={errors.label ?? serverFields.label?.[0]}
      />
      <Field
        label={fixedProvider ? `${fixedProvider} API key` : 'API key'}
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        hint="Stored encrypted. Only the last four characters are shown afterwards."
        error={errors.value ?? serverFields.value?.[0]}
      />
      <ErrorMessage error={create.error} />
      <div>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Add credential
        </Button>
      </div>
    </form>
  )
}
