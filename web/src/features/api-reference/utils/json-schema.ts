/**
 * Reading the JSON Schemas of the document (zod's `toJSONSchema` output, draft 2020-12) for people:
 * a short type label per schema and the rows of an object. The document is parsed data whose
 * schemas are open records, so every field is narrowed here, never cast.
 */

export type Schema = Record<string, unknown>

export function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const REF_PREFIX = '#/components/schemas/'

/** `#/components/schemas/CompanyDetail` → `CompanyDetail`, else undefined. */
export function refName(schema: Schema): string | undefined {
  const ref = schema.$ref
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined
}

function schemasIn(value: unknown): Schema[] {
  return Array.isArray(value) ? value.filter(isSchema) : []
}

/** The alternatives of a union (anyOf / oneOf), or an empty list. */
export function alternativesOf(schema: Schema): Schema[] {
  return [...schemasIn(schema.anyOf), ...schemasIn(schema.oneOf)]
}

export type TypePart = { kind: 'text'; text: string } | { kind: 'ref'; name: string }

/** A compact label: `string (date-time)`, `array of Job`, `"a" | "b"`, `map of number`, a link per named schema. */
export function typeParts(schema: Schema | undefined): TypePart[] {
  if (!schema) return [{ kind: 'text', text: 'any' }]
  const name = refName(schema)
  if (name) return [{ kind: 'ref', name }]
  if ('const' in schema) return [{ kind: 'text', text: JSON.stringify(schema.const) }]
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map((v) => JSON.stringify(v))
    return [{ kind: 'text', text: values.length <= 10 ? values.join(' | ') : `one of ${values.length} values` }]
  }
  const alternatives = alternativesOf(schema)
  if (alternatives.length > 0) {
    return alternatives.flatMap((alt, i) => [...(i > 0 ? [{ kind: 'text' as const, text: ' | ' }] : []), ...typeParts(alt)])
  }
  const type = schema.type
  if (type === 'array') {
    const items = isSchema(schema.items) ? schema.items : undefined
    return [{ kind: 'text', text: 'array of ' }, ...typeParts(items)]
  }
  if (type === 'object') {
    if (isSchema(schema.properties)) return [{ kind: 'text', text: 'object' }]
    if (isSchema(schema.additionalProperties)) {
      return [{ kind: 'text', text: 'map of ' }, ...typeParts(schema.additionalProperties)]
    }
    return [{ kind: 'text', text: 'object' }]
  }
  if (typeof type === 'string') {
    const format = typeof schema.format === 'string' ? ` (${schema.format})` : ''
    return [{ kind: 'text', text: `${type}${format}` }]
  }
  return [{ kind: 'text', text: 'any' }]
}

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER

/** Limits worth telling a caller: lengths, ranges, pattern and default. */
export function constraintsOf(schema: Schema): string[] {
  const out: string[] = []
  const num = (key: string) => (typeof schema[key] === 'number' ? Number(schema[key]) : undefined)
  const minLength = num('minLength')
  const maxLength = num('maxLength')
  if (minLength !== undefined && maxLength !== undefined) out.push(`${minLength}–${maxLength} characters`)
  else if (minLength !== undefined) out.push(`at least ${minLength} characters`)
  else if (maxLength !== undefined) out.push(`at most ${maxLength} characters`)
  const minimum = num('minimum')
  const maximum = num('maximum')
  // zod marks every integer with the safe-integer range; that says nothing to a reader.
  const min = minimum !== undefined && Math.abs(minimum) < SAFE_INTEGER ? minimum : undefined
  const max = maximum !== undefined && Math.abs(maximum) < SAFE_INTEGER ? maximum : undefined
  if (min !== undefined && max !== undefined) out.push(`${min}–${max}`)
  else if (min !== undefined) out.push(`≥ ${min}`)
  else if (max !== undefined) out.push(`≤ ${max}`)
  const minItems = num('minItems')
  const maxItems = num('maxItems')
  if (minItems !== undefined) out.push(`at least ${minItems} items`)
  if (maxItems !== undefined) out.push(`at most ${maxItems} items`)
  if (typeof schema.pattern === 'string' && schema.pattern.length <= 60) out.push(`matches ${schema.pattern}`)
  if ('default' in schema) out.push(`default ${JSON.stringify(schema.default)}`)
  return out
}

export interface PropertyRow {
  name: string
  schema: Schema
  required: boolean
}

/** The properties of an object schema, required ones first in declared order. */
export function propertiesOf(schema: Schema): PropertyRow[] {
  const props = isSchema(schema.properties) ? schema.properties : {}
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [])
  return Object.entries(props)
    .filter((entry): entry is [string, Schema] => isSchema(entry[1]))
    .map(([name, s]) => ({ name, schema: s, required: required.has(name) }))
}

/** Follows a `$ref` to the component it names (one step), for showing a body's fields in place. */
export function resolve(schema: Schema, components: Record<string, Schema>): { name: string | undefined; schema: Schema } {
  const name = refName(schema)
  const target = name ? components[name] : undefined
  return { name, schema: target ?? schema }
}

/** An inline object (not a named schema) whose fields are worth listing under its row. */
export function nestedObjectOf(schema: Schema): Schema | undefined {
  if (refName(schema)) return undefined
  if (schema.type === 'object' && isSchema(schema.properties)) return schema
  if (schema.type === 'array' && isSchema(schema.items)) return nestedObjectOf(schema.items)
  for (const alt of alternativesOf(schema)) {
    const nested = nestedObjectOf(alt)
    if (nested) return nested
  }
  return undefined
}
