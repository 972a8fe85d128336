import type { OpenApiDocument, OpenApiOperation } from '@exocorp/shared/openapi'

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const
export type Method = (typeof METHODS)[number]

export interface OperationEntry {
  method: Method
  path: string
  operation: OpenApiOperation
}

export interface OperationGroup {
  tag: string
  description: string | undefined
  operations: OperationEntry[]
}

/**
 * The document's operations by area (tag), in the order the document declares its tags; an
 * operation without a declared tag lands in "Other" at the end, so none is ever hidden.
 */
export function groupOperations(doc: OpenApiDocument): OperationGroup[] {
  const groups = new Map<string, OperationGroup>()
  for (const t of doc.tags ?? []) groups.set(t.name, { tag: t.name, description: t.description, operations: [] })
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method]
      if (!operation) continue
      const tag = operation.tags?.find((t) => groups.has(t)) ?? 'Other'
      if (!groups.has(tag)) groups.set(tag, { tag, description: undefined, operations: [] })
      groups.get(tag)?.operations.push({ method, path, operation })
    }
  }
  return [...groups.values()].filter((g) => g.operations.length > 0)
}

/** A stable anchor for links within the page. */
export const anchorOf = (kind: 'tag' | 'op' | 'schema', name: string) =>
  `${kind}-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
