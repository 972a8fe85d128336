// `pnpm dev`: the BFF (reloading on change) and Vite's dev server, which proxies /api to it.
import { spawn } from 'node:child_process'

const bffPort = process.env.EXOCORP_BFF_PORT ?? '8787'
const env = {
  ...process.env,
  PORT: bffPort,
  NODE_ENV: 'development',
  EXOCORP_BFF_PORT: bffPort,
  EXOCORP_ALLOWED_ORIGINS: 'http://localhost:5173',
}
const children = [
  spawn('pnpm', ['--filter', '@exocorp/bff', 'dev'], { stdio: 'inherit', env }),
  spawn('pnpm', ['exec', 'vite'], { stdio: 'inherit', env }),
]
const stop = () => children.forEach((c) => c.kill('SIGTERM'))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const c of children)
  c.on('exit', (code) => {
    if (code) {
      stop()
      process.exitCode = code
    }
  })
