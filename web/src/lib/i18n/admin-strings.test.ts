import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * Finds English a person would read that does not come from a catalog, in every module an admin
 * screen reaches (decision 050): the admin routes and everything they import, the shared pieces
 * (pager, copy buttons, toasts, dialogs, error and empty states) included. It reads the sources as
 * text through Vite's glob, follows their imports from the admin entry points, and flags JSX text,
 * text-bearing attributes, strings rendered from JSX expressions and toast messages.
 */
const sources = import.meta.glob<string>(['/src/**/*.{ts,tsx}', '!/src/**/*.test.{ts,tsx}', '!/src/testing/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

/**
 * Where an admin screen starts: the lazy admin routes, the admin sidebar, and the console around
 * them (top bar, user menu, context switcher, sidebar, banners, toaster), which is on screen at
 * every /admin address.
 */
const ENTRIES = [
  '/src/app/routes/admin/admin-routes.tsx',
  '/src/app/layout/admin-nav.tsx',
  '/src/app/layout/console-layout.tsx',
  // What /admin shows before the admin chunk: its words are lib/i18n/gate-text.ts's (decision 064).
  '/src/app/routes/admin-gate.tsx',
]

/** Modules that hold the words themselves, or never render any. */
const SKIP = [/^\/src\/lib\/i18n\//, /^\/src\/lib\/vendor\//]

/**
 * Modules the console reaches whose words only owner screens show (owner screens are English for
 * now), by why: on /admin the sidebar shows the admin sections instead.
 */
const OWNER_ONLY: Record<string, string> = {
  '/src/app/layout/owner-nav.ts': "the owner's sidebar sections; /admin shows admin-nav.tsx",
  '/src/app/company-sections.ts': "an exocorp's tabs and sidebar sections, on the owner's exocorp pages",
  '/src/features/onboarding/stores/onboarding-store.ts': "the launch wizard's steps; the user menu only resets the store",
}

/** Attributes whose string value a person reads (or a screen reader says): `aria-label`, `backLabel`, `what`, … */
const TEXT_ATTRIBUTE = /(^|-)label$|Label$|^title$|^placeholder$|^description$|^alt$|^what$/

/** Calls whose string argument ends up on screen. */
const TEXT_CALLS = new Set(['notifySuccess', 'notifyError', 'usePageTitle'])

/**
 * What may stay as it is, by module, each with why: words that are the same in every language
 * (brand, a language's own name), strings that are not shown (an audit note sent to the server),
 * and English that only English screens show. Each is the finding's trimmed text.
 */
const ALLOWED: Record<string, Record<string, string>> = {
  '/src/lib/locale.ts': { English: 'each language is named in itself', Deutsch: 'each language is named in itself' },
  '/src/lib/page-title.ts': { Exocorp: 'the product name' },
  '/src/lib/api-client.ts': { ApiError: "the error class's name, for developers" },
  // The token chart's legend; only the owner's usage screen draws it (admin commerce draws revenue).
  '/src/components/charts/plots.ts': { Input: 'owner screens only', Output: 'owner screens only' },
  '/src/components/ui/badge.tsx': { 'badge badge-…': 'a class name' },
  '/src/features/live/live-connection.ts': {
    'no heartbeat': 'a WebSocket close reason, not shown',
    'closed by the page': 'a WebSocket close reason, not shown',
  },
  '/src/app/routes/admin/admin-operations.tsx': { '/skills/&lt;name&gt;.md': 'a path' },
  '/src/lib/format.ts': {
    'in a few seconds': 'English only; another language uses Intl.RelativeTimeFormat',
    'just now': 'English only; another language uses Intl.RelativeTimeFormat',
  },
  '/src/features/admin-connector-events/connector-events-panel.tsx': {
    'Replayed the filtered set from /admin/connector-events': 'the audit note sent with a replay, not shown',
    'Replayed from /admin/connector-events': 'the audit note sent with a replay, not shown',
  },
  // The owner's health labels and action effects share a module with StatusBadge, which the bulk
  // action bar renders; admin screens show their own (`health.*`, `company.*Effect`).
  '/src/features/companies/components/format.ts': Object.fromEntries(
    [
      'Healthy',
      'Unreachable',
      'Health unknown',
      'Builds the runtime from the saved draft and starts it.',
      'Installs the newest release of its channel.',
      'Restarts the runtime from the last successful provision.',
      'Agents stop taking work; the runtime stays up.',
      'Agents pick up work again.',
      'Stops the runtime. Agents stop working until you start it again.',
      'Throws the runtime away and builds a fresh one on the same version.',
      'Goes back to the previous installed version.',
      'Removes the runtime and its data for good. Only the audit trail is kept.',
    ].map((text) => [text, 'owner screens only']),
  ),
}

function resolve(from: string, spec: string): string | null {
  let base: string
  if (spec.startsWith('@/')) base = `/src/${spec.slice(2)}`
  else if (spec.startsWith('.')) {
    const parts = from.split('/').slice(0, -1)
    for (const part of spec.split('/')) {
      if (part === '..') parts.pop()
      else if (part !== '.') parts.push(part)
    }
    base = parts.join('/')
  } else return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (candidate in sources) return candidate
  }
  return null
}

/** Every module reachable from the admin entry points through static and dynamic imports. */
function adminModules(): string[] {
  const seen = new Set<string>()
  const queue = [...ENTRIES]
  while (queue.length) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const text = sources[file] ?? ''
    for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
      const target = resolve(file, m[1]!)
      if (target && !seen.has(target)) queue.push(target)
    }
  }
  return [...seen].filter((f) => !SKIP.some((re) => re.test(f)) && !Object.hasOwn(OWNER_ONLY, f)).sort()
}

/** Prose: at least one word of two letters. Class names, ids, paths and tokens are left alone. */
function isProse(text: string): boolean {
  const t = text.trim()
  if (!/[A-Za-z]{2,}/.test(t)) return false
  // A single lower-case token with no spaces is a value (an enum, a key, a class), not a sentence.
  if (/^[a-z0-9_.:/#@-]+$/.test(t)) return false
  return true
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…')
  return null
}

/** Strings an expression may render as is: itself, either side of `?:`, `||`, `??`. */
function renderedStrings(node: ts.Expression): ts.Node[] {
  const text = literalText(node)
  if (text !== null) return [node]
  if (ts.isParenthesizedExpression(node)) return renderedStrings(node.expression)
  if (ts.isConditionalExpression(node)) return [...renderedStrings(node.whenTrue), ...renderedStrings(node.whenFalse)]
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return renderedStrings(node.right)
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return renderedStrings(node.right)
    if (op === ts.SyntaxKind.PlusToken) return [...renderedStrings(node.left), ...renderedStrings(node.right)]
  }
  return []
}

/** Anywhere else, a string is flagged when it reads like words: two words, or a capitalised one. */
function isSentence(text: string): boolean {
  const t = text.trim()
  return /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(t) || /^[A-Z][a-z]{2,}/.test(t)
}

/** Strings that are code, not copy: imports, message keys, class names, comparisons, types. */
function excluded(node: ts.Node): boolean {
  const parent = node.parent
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent)) return true
  if (
    ts.isCallExpression(parent) &&
    ts.isIdentifier(parent.expression) &&
    ['t', 'i18nKey', 'Error'].includes(parent.expression.text)
  )
    return true
  if (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'Error') return true
  if (
    ts.isCallExpression(parent) &&
    ts.isPropertyAccessExpression(parent.expression) &&
    ['error', 'warn', 'log', 'matchMedia'].includes(parent.expression.name.text)
  )
    return true
  if (ts.isJsxAttribute(parent) || (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent))) return true
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true
  if (ts.isElementAccessExpression(parent)) return true
  if (
    ts.isBinaryExpression(parent) &&
    [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(parent.operatorToken.kind)
  )
    return true
  if (ts.isCaseClause(parent)) return true
  return false
}

export interface Finding {
  file: string
  line: number
  text: string
}

export function findHardCodedStrings(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const found: Finding[] = []
  const allowed = ALLOWED[file] ?? {}
  const flag = (node: ts.Node, value: string, always = false) => {
    if (!(always ? /[A-Za-z]{2,}/.test(value) : isProse(value))) return
    if (Object.hasOwn(allowed, value.trim().replace(/\s+/g, ' '))) return
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      text: value.trim().replace(/\s+/g, ' '),
    })
  }
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) flag(node, node.text)
    else if (ts.isJsxAttribute(node) && node.initializer) {
      const name = node.name.getText(source)
      if (TEXT_ATTRIBUTE.test(name)) {
        const init = node.initializer
        // What a copy button copies is a single word ("slug"), and still read out.
        if (ts.isStringLiteral(init)) flag(init, init.text, name === 'what')
        else if (ts.isJsxExpression(init) && init.expression)
          for (const s of renderedStrings(init.expression)) flag(s, literalText(s)!)
      }
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const s of renderedStrings(node.expression)) flag(s, literalText(s)!)
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && TEXT_CALLS.has(node.expression.text)) {
      for (const arg of node.arguments) for (const s of renderedStrings(arg)) flag(s, literalText(s)!)
    } else if (literalText(node) !== null && isSentence(literalText(node)!) && !excluded(node)) {
      flag(node, literalText(node)!)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('admin screens read every word from the catalogs', () => {
  it('reaches the shared pieces from the admin entry points', () => {
    const modules = adminModules()
    expect(modules).toContain('/src/components/ui/list-pager.tsx')
    expect(modules).toContain('/src/components/errors/error-message.tsx')
    // The console around the admin screens is on screen at every /admin address.
    for (const shell of ['user-menu', 'context-switcher', 'sidebar']) expect(modules).toContain(`/src/app/layout/${shell}.tsx`)
    expect(modules).toContain('/src/components/ui/offline-banner.tsx')
    expect(modules).toContain('/src/app/routes/admin-gate.tsx')
  })

  it('has no hard-coded English in a module an admin screen reaches', () => {
    const findings = adminModules().flatMap((file) => findHardCodedStrings(file, sources[file]!))
    expect(findings.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([])
  })
})
