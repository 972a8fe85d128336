import { Fragment } from 'react'
import { anchorOf } from '../utils/group-operations'
import { constraintsOf, nestedObjectOf, propertiesOf, resolve, typeParts, type Schema } from '../utils/json-schema'

/** A type label with a link to each named schema it mentions. */
export function TypeLabel({ schema }: { schema: Schema | undefined }) {
  return (
    <code className="api-type">
      {typeParts(schema).map((part, i) =>
        part.kind === 'ref' ? (
          <a key={i} href={`#${anchorOf('schema', part.name)}`}>
            {part.name}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </code>
  )
}

const MAX_DEPTH = 3

/** The fields of an object schema as a table; inline nested objects get their fields below their row. */
export function FieldsTable({ schema, caption, depth = 0 }: { schema: Schema; caption?: string; depth?: number }) {
  const rows = propertiesOf(schema)
  if (rows.length === 0) return null
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table api-fields">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const nested = depth < MAX_DEPTH ? nestedObjectOf(row.schema) : undefined
            return (
              <tr key={row.name}>
                <th scope="row">
                  <code>{row.name}</code>
                  {row.required ? (
                    <>
                      {' '}
                      <span className="api-required">required</span>
                    </>
                  ) : null}
                </th>
                <td>
                  <TypeLabel schema={row.schema} />
                  {nested ? <FieldsTable schema={nested} caption={`Fields of ${row.name}`} depth={depth + 1} /> : null}
                </td>
                <td>{constraintsOf(row.schema).join('; ')}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/**
 * A request or response body: its type, and unless `brief`, its fields in place (a named schema is
 * followed one step, so the reader need not jump to the schema list).
 */
export function BodyView({
  schema,
  components,
  brief = false,
}: {
  schema: Schema | undefined
  components: Record<string, Schema>
  brief?: boolean
}) {
  if (!schema) return null
  const target = resolve(schema, components)
  return (
    <div className="stack api-body">
      <div>
        Type: <TypeLabel schema={schema} />
      </div>
      {brief ? null : <FieldsTable schema={target.schema} caption={target.name ? `Fields of ${target.name}` : 'Fields'} />}
    </div>
  )
}
