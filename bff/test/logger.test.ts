import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../src/lib/logger'

function capture() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (d: Buffer) => (text += d.toString()))
  return { stream, text: () => text }
}

describe('logs', () => {
  it('are one JSON object per line for collectors, with secrets redacted', () => {
    const out = capture()
    const log = createLogger('info', out.stream)
    log.info({ password: 'hunter2', company: 'acme' }, 'provisioned')
    const line = JSON.parse(out.text().trim())
    expect(line).toMatchObject({ msg: 'provisioned', company: 'acme', password: '[redacted]', level: 30 })
  })

  it('are readable lines, not JSON, for a person at a terminal', async () => {
    const out = capture()
    const log = createLogger('info', out.stream, { pretty: true })
    log.info({ password: 'hunter2', company: 'acme' }, 'provisioned')
    await new Promise((r) => setImmediate(r))
    const text = out.text()
    expect(text).toMatch(/INFO.*provisioned/)
    expect(text).toContain('company: "acme"')
    expect(text).not.toContain('hunter2')
    expect(() => JSON.parse(text.split('\n')[0]!)).toThrow()
  })
})
