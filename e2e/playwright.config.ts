import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 8790)
// Every run starts the real product on an empty data dir.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-e2e-'))
export const baseURL = `http://localhost:${port}`
// The server's custom-domain checks ask a DNS server on this loopback UDP port (decision 042); the
// custom-domain spec runs it (workers inherit the variable).
const dnsPort = Number(process.env.E2E_DNS_PORT ?? port + 1000)
process.env.E2E_DNS_PORT = String(dnsPort)

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node bff/dist/main.mjs',
    cwd: path.resolve(import.meta.dirname, '..'),
    url: `${baseURL}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      EXOCORP_DATA_DIR: dataDir,
      EXOCORP_DEMO: '0',
      // The run's data dir is thrown away: its runtimes end with the server instead of waiting to be re-attached.
      EXOCORP_KEEP_RUNTIMES_ON_EXIT: '0',
      // Every spec signs people up from this one address; the hourly limit itself is tested in the BFF suite.
      EXOCORP_SIGNUP_LIMIT_PER_HOUR: '500',
      EXOCORP_DNS_SERVERS: `127.0.0.1:${dnsPort}`,
      LOG_LEVEL: 'warn',
    },
  },
})
