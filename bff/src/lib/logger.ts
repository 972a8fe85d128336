import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * Structured JSON logs. Redaction is a second line of defence: code never passes secrets,
 * tokens or passwords to the logger in the first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'secret',
          '*.secret',
          'cookie',
          '*.cookie',
          'authorization',
          '*.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  )
}
