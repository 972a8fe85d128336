import type { OpenApiParameter } from '@exocorp/shared/openapi'
import { anchorOf, type OperationEntry } from '../utils/group-operations'
import { constraintsOf, type Schema } from '../utils/json-schema'
import { Markdown } from './inline-markdown'
import { BodyView, TypeLabel } from './schema-view'

const ACCESS_LABELS: Record<string, string> = {
  public: 'Public',
  user: 'Signed in or agent',
  session: 'Browser session',
  admin: 'Admin',
  platform_owner: 'Platform owner',
  runtime_token: 'Runtime token',
  webhook_signature: 'Signed webhook',
}

function ParametersTable({ parameters, title }: { parameters: OpenApiParameter[]; title: string }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table api-fields">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">In</th>
            <th scope="col">Type</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {parameters.map((p) => (
            <tr key={`${p.in}:${p.name}`}>
              <th scope="row">
                <code>{p.name}</code>
                {p.required ? (
                  <>
                    {' '}
                    <span className="api-required">required</span>
                  </>
                ) : null}
              </th>
              <td>{p.in}</td>
              <td>
                <TypeLabel schema={p.schema} />
              </td>
              <td>{[p.description, ...(p.schema ? constraintsOf(p.schema) : [])].filter(Boolean).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** One operation: what it is for, who may call it, what it takes and every answer it gives. */
export function OperationCard({ entry, components }: { entry: OperationEntry; components: Record<string, Schema> }) {
  const { method, path, operation } = entry
  const id = anchorOf('op', operation.operationId)
  const access = operation['x-exocorp-access']
  const parameters = operation.parameters ?? []
  const body = operation.requestBody
  return (
    <article className="card stack api-operation" id={id} aria-labelledby={`${id}-title`}>
      <header className="api-operation-header">
        <h3 id={`${id}-title`}>
          <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
        </h3>
        {access ? <span className="badge">{ACCESS_LABELS[access] ?? access}</span> : null}
      </header>
      {operation.summary ? <p className="api-summary">{operation.summary}</p> : null}
      <Markdown text={operation.description} />

      {parameters.length > 0 ? (
        <section className="stack" aria-label={`Parameters of ${operation.operationId}`}>
          <h4>Parameters</h4>
          <ParametersTable parameters={parameters} title={`Parameters of ${operation.operationId}`} />
        </section>
      ) : null}

      {body ? (
        <section className="stack" aria-label={`Request body of ${operation.operationId}`}>
          <h4>
            Request body <span className="muted small">{body.required ? 'required' : 'optional'}</span>
          </h4>
          {Object.entries(body.content).map(([contentType, media]) => (
            <div key={contentType} className="stack">
              <span className="muted small">{contentType}</span>
              <BodyView schema={media.schema} components={components} />
            </div>
          ))}
        </section>
      ) : null}

      <section className="stack" aria-label={`Responses of ${operation.operationId}`}>
        <h4>Responses</h4>
        <dl className="api-responses">
          {Object.entries(operation.responses).map(([status, response]) => (
            <div key={status} className="api-response">
              <dt>
                <span
                  className={`badge ${status.startsWith('2') ? 'badge-ok' : status.startsWith('3') ? 'badge-info' : 'badge-bad'}`}
                >
                  {status}
                </span>
              </dt>
              <dd className="stack">
                <Markdown text={response.description} />
                {Object.entries(response.content ?? {}).map(([contentType, media]) => (
                  <div key={contentType} className="stack">
                    {contentType !== 'application/json' ? <span className="muted small">{contentType}</span> : null}
                    <BodyView schema={media.schema} components={components} brief={!status.startsWith('2')} />
                  </div>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </article>
  )
}
