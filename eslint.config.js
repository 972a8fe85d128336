import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'web/mock-public/**',
      'data/**',
      'e2e/artifacts/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name="only"]', message: 'No .only in committed tests.' },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // No imports across features: a feature reaches another only through app/ (CONVENTIONS.md).
    files: ['web/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/features/*', '@/app/*'],
              message: 'Features do not import other features or the app; compose them in web/src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    // The BFF's services know nothing of HTTP.
    files: ['bff/src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['hono', 'hono/*', '../http/*', '../../http/*', '../routes/*', '../../routes/*'],
              message: 'Services hold domain logic only; no HTTP types.',
            },
          ],
        },
      ],
    },
  },
  {
    // The data layer is async (decision 017): a forgotten `await` is a bug the types alone miss.
    files: ['bff/src/**/*.ts', 'bff/test/**/*.ts', 'bff/bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Only portable, awaited drizzle calls outside the data layer (decisions 017 and 023).
    files: ['bff/src/**/*.ts'],
    ignores: ['bff/src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[arguments.length=0][callee.property.name=/^(get|all|run)$/]',
          message: 'Await the drizzle query instead (.get/.all/.run are SQLite-only and synchronous).',
        },
        { selector: 'MemberExpression[property.name="$client"]', message: 'No raw driver access outside bff/src/db.' },
        {
          // Hono builds a fresh object of every variable on each `c.var` read (decision 033).
          selector: 'MemberExpression[object.name="c"][property.name="var"]',
          message: "Read context variables with c.get('name'): c.var copies them all on every access.",
        },
      ],
    },
  },
  {
    // Routes are HTTP only (decision 027): handlers call services, never the database, and read input
    // through the one audited validator (http/validate.ts), never a second idiom.
    files: ['bff/src/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'drizzle-orm', message: 'Routes call services; queries live in bff/src/services.' },
            { name: '@hono/zod-validator', message: 'Use validate() from http/validate.ts (one audited-validator idiom).' },
            { name: 'hono/validator', message: 'Use validate() from http/validate.ts (one audited-validator idiom).' },
          ],
          patterns: [
            { group: ['drizzle-orm/*'], message: 'Routes call services; queries live in bff/src/services.' },
            { group: ['**/db', '**/db/*', '**/db/**'], message: 'Routes call services; the database lives behind them.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name="json"][callee.object.property.name="req"]',
          message: "Read the body with validate('json', Schema) and c.req.valid('json').",
        },
        {
          selector: 'CallExpression[callee.property.name=/^(get|all|run)$/][arguments.length=0]',
          message: 'Await the drizzle query instead (.get/.all/.run are SQLite-only and synchronous).',
        },
        { selector: 'MemberExpression[property.name="$client"]', message: 'No raw driver access outside bff/src/db.' },
        {
          // Hono builds a fresh object of every variable on each `c.var` read (decision 033).
          selector: 'MemberExpression[object.name="c"][property.name="var"]',
          message: "Read context variables with c.get('name'): c.var copies them all on every access.",
        },
      ],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'bff/test/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
)
