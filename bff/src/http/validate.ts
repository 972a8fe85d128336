import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { $ZodError, $ZodType } from 'zod/v4/core'
import type { FieldErrors } from '@exocorp/shared/errors'
import { AppError } from '../lib/errors'

type Def = {
  type?: string
  shape?: Record<string, $ZodType>
  element?: $ZodType
  innerType?: $ZodType
  in?: $ZodType
  valueType?: $ZodType
}
const defOf = (schema: $ZodType | undefined): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def

/** The field names the object at `path` inside `schema` accepts, or null if it is not an object. */
export function allowedKeysAt(schema: $ZodType | undefined, path: readonly PropertyKey[]): string[] | null {
  let def = defOf(schema)
  let i = 0
  for (let guard = 0; def && guard < 50; guard++) {
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') {
      def = defOf(def.innerType)
    } else if (def.type === 'pipe') def = defOf(def.in)
    else if (i === path.length) return def.type === 'object' && def.shape ? Object.keys(def.shape) : null
    else if (def.type === 'object' && def.shape) def = defOf(def.shape[String(path[i++])])
    else if (def.type === 'array') {
      def = defOf(def.element)
      i++
    } else if (def.type === 'record') {
      def = defOf(def.valueType)
      i++
    } else return null
  }
  return null
}

/**
 * Turns zod issues into `{ field: [messages] }`; unknown keys are named one by one, with the names
 * the object accepts when the schema is given (a client learns the contract from the answer). The
 * map has no prototype: a client's key named `constructor` or `toString` must not find Object's members.
 */
export function fieldErrorsOf(error: $ZodError, schema?: $ZodType): FieldErrors {
  const fields = Object.create(null) as FieldErrors
  const add = (key: string, message: string) => {
    ;(fields[key] ??= []).push(message)
  }
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path)
      const message = allowed?.length ? `Unknown field; allowed: ${allowed.join(', ')}` : 'Unknown field'
      for (const key of issue.keys) add([...issue.path, key].join('.'), message)
      continue
    }
    add(issue.path.length ? issue.path.join('.') : '_root', issue.message)
  }
  return fields
}

/** zValidator whose failures are our 400 envelope with field errors. */
export function validate<T extends $ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw AppError.validation(fieldErrorsOf(result.error, schema))
  })
}
