import { pino, type Logger } from 'pino'
import pretty from 'pino-pretty'

export type { Logger }

/**
 * JSON lines for collectors; readable lines when a person watches a terminal (`pretty`
 * defaults to whether stdout is a TTY). Redaction is a second line of defence: code never passes
 * secrets, tokens or passwords to the logger in the first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, options: { pretty?: boolean } = {}): Logger {
  const readable = options.pretty ?? (destination === undefined && process.stdout.isTTY === true)
  // pino-pretty as a stream in this thread, not a transport: a transport's worker would resolve
  // its module by path, which a bundled build cannot promise.
  const stream = readable
    ? pretty({
        colorize: destination === undefined,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
        sync: true,
        ...(destination ? { destination: destination as NodeJS.WritableStream } : {}),
      })
    : destination
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
    stream,
  )
}
