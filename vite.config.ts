import path from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { precompressAssets } from './scripts/precompress'

const bffPort = process.env.EXOCORP_BFF_PORT ?? '8787'

// One Vite config for the workspace: the web app's build and dev server, and every Vitest project.
export default defineConfig(({ mode }) => ({
  root: path.resolve(import.meta.dirname, 'web'),
  // The mocked mode needs msw's service worker; production builds never ship it.
  publicDir: mode === 'mock' ? 'mock-public' : 'public',
  plugins: [react(), precompressAssets()],
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'web/src'),
      // Plot's only CommonJS dependency, for a transform the app does not use (decision 040).
      'interval-tree-1d': path.resolve(import.meta.dirname, 'web/src/lib/vendor/interval-tree-1d.ts'),
    },
  },
  build: {
    outDir: path.resolve(import.meta.dirname, 'web/dist'),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    port: 5173,
    proxy:
      mode === 'mock'
        ? undefined
        : {
            '/api': `http://127.0.0.1:${bffPort}`,
            '/SKILL.md': `http://127.0.0.1:${bffPort}`,
            '/skills': `http://127.0.0.1:${bffPort}`,
            // The built-in test payment provider's checkout page (decision 035).
            '/pay': `http://127.0.0.1:${bffPort}`,
          },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'web',
          root: path.resolve(import.meta.dirname, 'web'),
          environment: 'jsdom',
          setupFiles: ['./src/testing/setup-tests.ts'],
          include: ['src/**/*.test.{ts,tsx}'],
        },
      },
      // The BFF suite runs twice: on SQLite (the embedded default) and on PostgreSQL.
      {
        test: {
          name: 'bff',
          root: path.resolve(import.meta.dirname, 'bff'),
          environment: 'node',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          // *.pg.test.ts need PostgreSQL itself (several instances on one database).
          exclude: ['test/**/*.pg.test.ts'],
          globalSetup: ['./test/setup/build.ts'],
          env: { DATABASE_URL: '' },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'bff-pg',
          root: path.resolve(import.meta.dirname, 'bff'),
          environment: 'node',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          // *.sqlite.test.ts test what only SQLite has (its page limit as a full disk).
          exclude: ['test/**/*.sqlite.test.ts'],
          globalSetup: ['./test/setup/build.ts', './test/setup/postgres.ts'],
          setupFiles: ['./test/setup/postgres-env.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'shared',
          root: path.resolve(import.meta.dirname, 'shared'),
          environment: 'node',
          include: ['src/**/*.test.ts'],
          passWithNoTests: true,
        },
      },
    ],
  },
}))
