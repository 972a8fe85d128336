import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useState, type FormEvent } from 'react'
import { MODEL_CATALOG, type ModelPrice, type PriceBook, type PublishPriceBookInput } from '@exocorp/shared/configuration'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { useCommonText } from '@/lib/i18n/common-text'
import { formatAbsolute, formatMoney } from '@/lib/format'
import { formatDecimalInput, parseDecimalInput } from '@/lib/input-formats'
import { usePublishPriceBook } from '../api/publish-price-book'
import { adminPricingQueries } from '../api/queries'

type PriceDraft = { input: string; output: string }

// Typed and shown in the chosen language ("2,50" / "2,50 $" in German); sent as micro-dollars.
const dollars = (micros: number) => formatDecimalInput(micros / 1e6, 2)
const shown = (p: ModelPrice | null | undefined) =>
  p ? `${formatMoney(p.inputMicrosPerMTok)} / ${formatMoney(p.outputMicrosPerMTok)}` : '—'
const draftOf = (p: ModelPrice | null | undefined): PriceDraft =>
  p ? { input: dollars(p.inputMicrosPerMTok), output: dollars(p.outputMicrosPerMTok) } : { input: '', output: '' }

/** Dollars per 1M tokens as typed → micro-dollars; null when both are empty; a message when not a price. */
function parsePrice(d: PriceDraft): ModelPrice | null | string {
  if (d.input.trim() === '' && d.output.trim() === '') return null
  const input = Number(parseDecimalInput(d.input))
  const output = Number(parseDecimalInput(d.output))
  if (
    !Number.isFinite(input) ||
    !Number.isFinite(output) ||
    input < 0 ||
    output < 0 ||
    d.input.trim() === '' ||
    d.output.trim() === ''
  )
    return 'invalid'
  return { inputMicrosPerMTok: Math.round(input * 1e6), outputMicrosPerMTok: Math.round(output * 1e6) }
}

function PriceInputs({
  label,
  value,
  error,
  disabled,
  onChange,
}: {
  label: string
  value: PriceDraft
  error?: string | undefined
  disabled: boolean
  onChange: (v: PriceDraft) => void
}) {
  const { t } = useTranslation()
  return (
    <>
      <td>
        <input
          aria-label={t('pricing.inputPrice', { label })}
          inputMode="decimal"
          value={value.input}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange({ ...value, input: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={t('pricing.outputPrice', { label })}
          inputMode="decimal"
          value={value.output}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange({ ...value, output: e.target.value })}
        />
        {error ? <p className="field-error">{error}</p> : null}
      </td>
    </>
  )
}

/** The next version, started from the active one: every catalog model, and the fallback price. */
function PublishForm({
  active,
  canPublish,
  reauthenticate,
}: {
  active: PriceBook | null
  canPublish: boolean
  reauthenticate: (password: string) => Promise<unknown>
}) {
  const { t } = useTranslation()
  const publish = usePublishPriceBook()
  const names = [...new Set([...MODEL_CATALOG.map((m) => m.id), ...Object.keys(active?.models ?? {})])]
  const [models, setModels] = useState<Record<string, PriceDraft>>(() =>
    Object.fromEntries(names.map((n) => [n, draftOf(active?.models[n])])),
  )
  const [fallback, setFallback] = useState<PriceDraft>(() => draftOf(active?.default))
  const [activate, setActivate] = useState(true)
  const [local, setLocal] = useState<Record<string, string>>({})
  const [pending, setPending] = useState<PublishPriceBookInput | null>(null)
  const stepUp = isApiError(publish.error) && publish.error.code === 'reauth_required'
  const server = useCommonText().fields(publish.error)

  const send = (input: PublishPriceBookInput) => {
    setPending(input)
    publish.mutate(input, {
      onSuccess: (book) =>
        notifySuccess(t('pricing.published', { version: book.version }) + (book.active ? t('pricing.andActive') : '')),
    })
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const errors: Record<string, string> = {}
    const priced: Record<string, ModelPrice> = {}
    for (const [name, d] of Object.entries(models)) {
      const p = parsePrice(d)
      if (typeof p === 'string') errors[name] = t('pricing.invalidPrice')
      else if (p) priced[name] = p
    }
    const def = parsePrice(fallback)
    if (typeof def === 'string') errors.default = t('pricing.invalidPrice')
    setLocal(errors)
    if (Object.keys(errors).length) return
    send({ models: priced, default: typeof def === 'string' ? null : def, activate })
  }
  return (
    <>
      <form className="stack" aria-label={t('pricing.publishForm')} onSubmit={submit} noValidate>
        <p className="muted">{t('pricing.help')}</p>
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('pricing.model')}</th>
                <th scope="col">{t('pricing.inputCol')}</th>
                <th scope="col">{t('pricing.outputCol')}</th>
              </tr>
            </thead>
            <tbody>
              {names.map((n) => (
                <tr key={n}>
                  <th scope="row" className="mono">
                    {n}
                  </th>
                  <PriceInputs
                    label={n}
                    value={models[n] ?? { input: '', output: '' }}
                    error={local[n] ?? server[`models.${n}`]?.[0]}
                    disabled={!canPublish}
                    onChange={(v) => setModels({ ...models, [n]: v })}
                  />
                </tr>
              ))}
              <tr>
                <th scope="row">{t('pricing.fallbackRow')}</th>
                <PriceInputs
                  label={t('pricing.fallback')}
                  value={fallback}
                  error={local.default ?? server.default?.[0]}
                  disabled={!canPublish}
                  onChange={setFallback}
                />
              </tr>
            </tbody>
          </table>
        </div>
        {server.models?.[0] ? (
          <p className="field-error" role="alert">
            {server.models[0]}
          </p>
        ) : null}
        {publish.isError && !stepUp && Object.keys(server).length === 0 ? (
          <ErrorMessage error={publish.error} title={t('pricing.notPublished')} />
        ) : null}
        {canPublish ? (
          <div className="row">
            <label className="row">
              <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} />{' '}
              {t('pricing.activateNow')}
            </label>
            <Button type="submit" variant="primary" busy={publish.isPending}>
              {t('pricing.publish')}
            </Button>
          </div>
        ) : (
          <p className="muted small">{t('pricing.ownersOnly')}</p>
        )}
      </form>
      {/* Outside the form: React bubbles the dialog's own submit through the portal to its parents. */}
      <ReauthDialog
        open={stepUp}
        actionLabel={t('pricing.stepUp')}
        reauthenticate={reauthenticate}
        onCancel={() => publish.reset()}
        onConfirmed={() => pending && send(pending)}
      />
    </>
  )
}

/** Price books: the active one, every version, and the next one to publish. */
export function PriceBooksPanel({
  canPublish,
  reauthenticate,
}: {
  canPublish: boolean
  reauthenticate: (password: string) => Promise<unknown>
}) {
  const { t } = useTranslation()
  const list = useQuery(adminPricingQueries.list())
  if (list.isPending) return <Skeleton label={t('pricing.loading')} variant="table" />
  if (list.isError) return <ErrorMessage error={list.error} />
  const books = list.data.items
  const active = books.find((b) => b.active) ?? null
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="price-book-versions">
        <h2 id="price-book-versions">{t('pricing.versions')}</h2>
        {books.length === 0 ? (
          <p className="muted">{t('pricing.none')}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-labelledby="price-book-versions">
              <thead>
                <tr>
                  <th scope="col">{t('pricing.version')}</th>
                  <th scope="col">{t('pricing.state')}</th>
                  <th scope="col">{t('pricing.modelsPriced')}</th>
                  <th scope="col">{t('pricing.fallbackCol')}</th>
                  <th scope="col">{t('pricing.publishedCol')}</th>
                </tr>
              </thead>
              <tbody>
                {books.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">v{b.version}</th>
                    <td>{b.active ? <Badge tone="ok">{t('pricing.active')}</Badge> : <Badge>{t('pricing.inactive')}</Badge>}</td>
                    <td>{Object.keys(b.models).length}</td>
                    <td>{shown(b.default)}</td>
                    <td>{formatAbsolute(b.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card stack" aria-labelledby="price-book-next">
        <h2 id="price-book-next">{t('pricing.next')}</h2>
        <PublishForm key={active?.id ?? 'none'} active={active} canPublish={canPublish} reauthenticate={reauthenticate} />
      </section>
    </div>
  )
}
