export type RuntimeDriverErrorCode = 'capacity_reached' | 'start_failed' | 'not_running' | 'control_failed' | 'invalid_spec'

/** What the local driver throws. `code` names the kind for callers and tests; the engine keeps only the message (a job error). */
export class RuntimeDriverError extends Error {
  constructor(
    readonly code: RuntimeDriverErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'RuntimeDriverError'
  }
}

export function isRuntimeDriverError(e: unknown): e is RuntimeDriverError {
  return e instanceof RuntimeDriverError
}
