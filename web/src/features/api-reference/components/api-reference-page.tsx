import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { OPENAPI_ENDPOINT, type OpenApiDocument } from '@exocorp/shared/openapi'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { apiReferenceQueries } from '../api/queries'
import { anchorOf, groupOperations, type OperationGroup } from '../utils/group-operations'
import { isSchema, type Schema } from '../utils/json-schema'
import { Markdown } from './inline-markdown'
import { OperationCard } from './operation-card'
import { FieldsTable, TypeLabel } from './schema-view'
import './api-reference.css'

/** Operations whose method, path, summary or id contain every word of the filter. */
function filterGroups(groups: OperationGroup[], filter: string): OperationGroup[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return groups
  return groups
    .map((g) => ({
      ...g,
      operations: g.operations.filter(({ method, path, operation }) => {
        const text = `${method} ${path} ${operation.summary ?? ''} ${operation.operationId} ${g.tag}`.toLowerCase()
        return words.every((w) => text.includes(w))
      }),
    }))
    .filter((g) => g.operations.length > 0)
}

function componentsOf(doc: OpenApiDocument): Record<string, Schema> {
  return doc.components?.schemas ?? {}
}

function Reference({ doc }: { doc: OpenApiDocument }) {
  const [params, setParams] = useSearchParams()
  const filter = params.get('q') ?? ''
  const components = componentsOf(doc)
  const groups = filterGroups(groupOperations(doc), filter)
  const schemaNames = Object.keys(components).sort((a, b) => a.localeCompare(b))
  return (
    <div className="api-reference">
      <header className="stack">
        <h1>
          {doc.info.title} <span className="muted small">version {doc.info.version}</span>
        </h1>
        <Markdown text={doc.info.description} />
        <p className="muted small">
          Generated from the platform’s own contract. Machine-readable:{' '}
          <a href={OPENAPI_ENDPOINT.path}>OpenAPI {doc.openapi} (JSON)</a>.
        </p>
      </header>

      <div className="api-layout">
        <nav aria-label="API areas" className="api-nav">
          <label className="field">
            <span>Filter operations</span>
            <input
              type="search"
              value={filter}
              placeholder="e.g. draft, POST, audit"
              onChange={(e) => {
                const next = new URLSearchParams(params)
                if (e.target.value) next.set('q', e.target.value)
                else next.delete('q')
                setParams(next, { replace: true })
              }}
            />
          </label>
          <ul>
            {groups.map((g) => (
              <li key={g.tag}>
                <a href={`#${anchorOf('tag', g.tag)}`}>{g.tag}</a> <span className="muted small">{g.operations.length}</span>
              </li>
            ))}
            <li>
              <a href="#schemas">Schemas</a>
            </li>
          </ul>
        </nav>

        <div className="stack api-content">
          {groups.length === 0 ? <p className="muted">No operation matches “{filter}”.</p> : null}
          {groups.map((g) => (
            <section key={g.tag} className="stack" aria-labelledby={anchorOf('tag', g.tag)}>
              <h2 id={anchorOf('tag', g.tag)}>{g.tag}</h2>
              {g.description ? <p className="muted">{g.description}</p> : null}
              {g.operations.map((entry) => (
                <OperationCard key={`${entry.method} ${entry.path}`} entry={entry} components={components} />
              ))}
            </section>
          ))}

          <section className="stack" aria-labelledby="schemas">
            <h2 id="schemas">Schemas</h2>
            {schemaNames.map((name) => {
              const schema = components[name]
              if (!isSchema(schema)) return null
              const isObject = schema.type === 'object' && isSchema(schema.properties)
              return (
                <article key={name} id={anchorOf('schema', name)} className="card stack api-schema" aria-label={`Schema ${name}`}>
                  <h3>
                    <code>{name}</code>
                  </h3>
                  {isObject ? <FieldsTable schema={schema} caption={`Fields of ${name}`} /> : <TypeLabel schema={schema} />}
                </article>
              )
            })}
          </section>
        </div>
      </div>
    </div>
  )
}

/** The API reference: every operation of GET /api/openapi.json, grouped by area. Public, no sign-in. */
export function ApiReferencePage() {
  usePageTitle('API reference')
  const doc = useQuery(apiReferenceQueries.document())
  return (
    <main className="api-reference-page">
      {doc.isPending ? <Skeleton label="Loading the API reference" /> : null}
      {doc.isError ? <ErrorMessage error={doc.error} title="Could not load the API reference." /> : null}
      {doc.data ? <Reference doc={doc.data} /> : null}
    </main>
  )
}
