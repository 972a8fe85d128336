import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { $ZodError, $ZodType } from 'zod/v4/core'
import type { FieldErrors } from '@exocorp/shared/errors'
import { AppError } from '../lib/errors'

/**
 * Turns zod issues into `{ field: [messages] }`; unknown keys are named one by one. The map has no
 * prototype: a client's key named `constructor` or `toString` must not find Object's members.
 */
export function fieldErrorsOf(error: $ZodError): FieldErrors {
  const fields = Object.create(null) as FieldErrors
  const add = (key: string, message: string) => {
    ;(fields[key] ??= []).push(message)
  }
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key].join('.'), 'Unknown field')
      continue
    }
    add(issue.path.length ? issue.path.join('.') : '_root', issue.message)
  }
  return fields
}

/** zValidator whose failures are our 400 envelope with field errors. */
export function validate<T extends $ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw AppError.validation(fieldErrorsOf(result.error))
  })
}
