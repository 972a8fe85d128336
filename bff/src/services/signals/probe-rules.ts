import type { ProbeClass } from '@exocorp/shared/feedback'

/*
 * Security-probe recognition (issue 17; decision 036). A pure rule set: text in, classes out.
 *
 * Where it runs: on the inputs of a *refused* request (4xx: path, query, body) and on free-text
 * fields a write stored — never on a successful GET, so the polled hot path pays nothing. What it
 * does: it records a signal for triage; it never refuses, rewrites or slows a request by itself.
 *
 * How rules are written: each one needs a construct that only makes sense as an attack — breaking
 * out of a quote, a tag with an event handler, a separator followed by a recon command, a template
 * expression evaluating arithmetic or reaching into the runtime, a traversal ending at a sensitive
 * file or spelled encoded. Words alone never match: a SQL tutorial ("SELECT name FROM users WHERE
 * id = 1"), a relative import ("../../lib/api"), `{{ name }}` in a template question or
 * `pnpm build && ls dist` in feedback are not probes. The table test
 * (bff/test/probe-rules.test.ts) holds ≥ 20 real payloads per class and ≥ 50 close-looking benign
 * inputs; every rule change runs against both.
 */

export interface ProbeRule {
  id: string
  probeClass: ProbeClass
  /** What the rule recognises, for the decision record and the triage screen. */
  describes: string
  test: (text: string) => boolean
}

const re = (id: string, probeClass: ProbeClass, describes: string, pattern: RegExp): ProbeRule => ({
  id,
  probeClass,
  describes,
  test: (t) => pattern.test(t),
})

/** Recon and payload commands an injected shell fragment runs (not everyday ones like `ls` or `echo`). */
const SHELL_CMD =
  '(?:(?:id|whoami|uname|ifconfig|ipconfig|hostname|netstat|printenv|env)(?=\\s*(?:$|[;|&#`)]|-[a-z]))|cat\\s+/|wget\\s|curl\\s|nc\\s|ncat\\s|bash\\s+-[ic]|sh\\s+-[ic]|/bin/(?:ba|z|da)?sh|ping\\s+-[cn]\\s*\\d|sleep\\s+\\d|nslookup\\s|dig\\s|rm\\s+-rf|powershell|cmd(?:\\.exe)?\\s+/c|type\\s+[a-z]:\\\\|dir\\s+[a-z]:\\\\|net\\s+user|echo\\s+\\$\\{?[a-z_]+|perl\\s+-e|python3?\\s+-c|php\\s+-r|busybox|chmod\\s+\\+x|tftp\\s|telnet\\s)'

export const PROBE_RULES: readonly ProbeRule[] = [
  // script / XSS
  re('script-tag', 'script', 'a <script> element', /<\s*script[\s>/]/i),
  re(
    'script-handler',
    'script',
    'an HTML tag carrying an on* event handler',
    /<\s*[a-z][a-z0-9-]*[\s/][^>]*\bon[a-z]{3,}\s*=\s*(?!\{)/i,
  ),
  re('script-url', 'script', 'a javascript:/vbscript: URL', /(?:^|[\s"'=(`])(?:java|vb)script\s*:(?!\s)/i),
  re(
    'script-frame',
    'script',
    'an iframe/object/embed/base element',
    /<\s*(?:iframe|object|embed|frameset|base|meta\s+http-equiv)\b/i,
  ),
  re('script-data-html', 'script', 'a data:text/html URL', /data:\s*text\/html/i),
  re(
    'script-dom',
    'script',
    'document.cookie / document.domain / window.location reached from markup',
    /(?:document\s*\.\s*(?:cookie|domain|write\s*\()|String\.fromCharCode\s*\(|\beval\s*\(\s*atob)/i,
  ),
  re('script-srcdoc', 'script', 'an srcdoc or CSS expression()', /\bsrcdoc\s*=|style\s*=[^>]*expression\s*\(/i),
  re(
    'script-svg',
    'script',
    'an <svg> or <math> with script content',
    /<\s*(?:svg|math)\b[^>]*>\s*<\s*(?:script|animate|set|a\s+xlink)/i,
  ),

  // shell command injection
  re(
    'command-separator',
    'command',
    'a shell separator followed by a recon command',
    new RegExp(`(?:^|[;|&\\n]|\\|\\||&&)\\s*${SHELL_CMD}`, 'i'),
  ),
  re(
    'command-substitution',
    'command',
    '$( … ) or backquotes around a command',
    new RegExp(`(?:\\$\\(\\s*|\`\\s*)${SHELL_CMD}`, 'i'),
  ),
  re('command-ifs', 'command', '${IFS} or $IFS word splitting', /\$\{IFS\}|\$IFS\$?\d?/),
  re(
    'command-reverse-shell',
    'command',
    'a reverse shell or pipe-to-shell',
    /(?:\/dev\/tcp\/|\bnc\s+-e\b|\|\s*(?:ba)?sh\b\s*$|\bmkfifo\s)/i,
  ),

  // SQL injection
  re(
    'sql-tautology',
    'sql',
    'a quote broken out of, then OR/AND with a comparison',
    /['"`]\s*\)*\s*(?:or|and|\|\||&&)\s*\(*\s*['"`]?[\w@]*['"`]?\s*(?:=|<|>|like\b|is\b)/i,
  ),
  re('sql-numeric-tautology', 'sql', 'OR 1=1 style tautology', /\b(?:or|and)\s+(\d+)\s*=\s*\1(?!\d)/i),
  re(
    'sql-comment',
    'sql',
    'a quote closed, then the rest commented out',
    /\w'(?:--|#|\/\*)|'\s*\)*\s*(?:--|#)\s*$|'\s*\)*\s*(?:order|group)\s+by\s+\d+\s*(?:--|#)/i,
  ),
  re(
    'sql-stacked',
    'sql',
    'a quote closed, then a stacked statement',
    /['"`]\s*\)*\s*;\s*(?:drop|delete|truncate|insert|update|alter|exec(?:ute)?|shutdown|declare|create|grant|select)\b/i,
  ),
  re(
    'sql-union',
    'sql',
    'UNION SELECT probing columns or metadata',
    /\bunion\b(?:\s|\/\*.*?\*\/)+(?:all(?:\s|\/\*.*?\*\/)+)?select(?:\s|\/\*.*?\*\/)+(?:null\b|\d+\s*(?:,|--|#|$)|@@|char\s*\(|concat|version\s*\(|user\s*\(|database\s*\(|table_name|column_name|group_concat|load_file|\*\s+from\s+information_schema)/i,
  ),
  re(
    'sql-time',
    'sql',
    'a time-based blind payload (sleep, pg_sleep, benchmark, waitfor delay)',
    /(?:\b(?:and|or)\b|[;'"|(])\s*(?:select\s+)?(?:sleep|pg_sleep|benchmark)\s*\(\s*\d|waitfor\s+delay\s+['"]\d/i,
  ),
  re(
    'sql-functions',
    'sql',
    'error-based or out-of-band SQL functions',
    /\b(?:extractvalue|updatexml)\s*\(|xp_cmdshell|\binto\s+(?:out|dump)file\b|@@version|\butl_http\.request|\bdbms_pipe\.receive_message/i,
  ),

  // template injection
  re(
    'template-arith',
    'template',
    'a template expression evaluating arithmetic',
    /(?:\{\{|\$\{\{?|#\{|\*\{|@\(|<%=?|\{%|\[\[|\$\[)\s*\d+\s*[*+]\s*\d+\s*(?:\}\}?|%>|\)|%\}|\]\])/,
  ),
  re(
    'template-runtime',
    'template',
    'a template expression reaching into the runtime (__class__, config, constructor…)',
    /\{\{[^}]*(?:__class__|__mro__|__globals__|__builtins__|__subclasses__|__init__|config\.items|config\s*\}\}|self\._|request\.(?:application|environ)|cycler\.|joiner\.|lipsum\.|constructor\s*\.\s*constructor|_self\.env|\[['"]constructor['"]\])/i,
  ),
  re(
    'template-java',
    'template',
    'Spring/EL, OGNL, Velocity or FreeMarker payloads',
    /\$\{\s*(?:T\s*\(|jndi:|env:|sys:|java:|#|@|\(#|"".getClass|''.getClass|Class\.forName|Runtime)|#set\s*\(|#foreach|<#assign|freemarker\.template|\.getRuntime\(\)|new\s+java\.lang\./i,
  ),
  re(
    'template-php',
    'template',
    'Smarty/Twig code execution',
    /\{php\}|\{system\s*\(|\{\{\s*_self\b|\{\{[^}]*\|\s*(?:filter|map)\s*\(\s*['"](?:system|exec|passthru)/i,
  ),

  // path traversal
  re(
    'path-sensitive',
    'path',
    'traversal or an absolute path to a sensitive file',
    /(?:\.\.[\\/]+)*(?:^|[\\/=:'"\s])(?:etc[\\/]+(?:passwd|shadow|hosts|group|issue)|proc[\\/]+self[\\/]|windows[\\/]+(?:win\.ini|system32)|boot\.ini|win\.ini|\.ssh[\\/]+(?:id_rsa|authorized_keys)|WEB-INF[\\/]+web\.xml|\.aws[\\/]+credentials)/i,
  ),
  re('path-deep', 'path', 'four or more ../ in a row', /(?:\.\.[\\/]+){4,}/),
  re(
    'path-encoded',
    'path',
    'encoded or obfuscated traversal (%2e%2e, ..%2f, ..;/, ....//, overlong UTF-8)',
    /(?:%2e%2e|%252e|\.\.%2f|\.\.%5c|%2e\.[\\/]|\.%2e[\\/]|\.\.%c0%af|%c0%ae|%c1%9c|\.\.;\/|\.{4}[\\/]{2}|\.\.\\\.\.\\|%u002e)/i,
  ),
  re('path-file-url', 'path', 'a file:// URL or php:// stream', /\bfile:\/\/\/|\bphp:\/\/(?:filter|input)|\bexpect:\/\//i),

  // fuzz: oversized, binary or malformed text (request-level fuzz is in classifyRefusal)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rule looks for
  re('fuzz-nul', 'fuzz', 'NUL or other C0 control characters', /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]|\u001b\[/),
  re('fuzz-format', 'fuzz', 'printf format strings', /(?:%[0-9]*[snxp]){4,}|%n/),
  re('fuzz-run', 'fuzz', 'one character repeated 256+ times', /(.)\1{255,}/su),
  re(
    'fuzz-invalid-unicode',
    'fuzz',
    'replacement characters (invalid UTF-8) or lone surrogates',
    /\uFFFD{2,}|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/,
  ),
  re(
    'fuzz-invisible',
    'fuzz',
    'a flood of bidi or zero-width characters',
    /(?:[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF].*){8,}/su,
  ),
  re('fuzz-brackets', 'fuzz', '64 or more brackets in a row', /[[\]{}()]{64,}/),
]

/** What a text is matched in: raw, and percent- and entity-decoded (probes arrive encoded). */
export function variantsOf(text: string): string[] {
  const out = [text]
  let current = text
  for (let i = 0; i < 2; i++) {
    let decoded = current
    try {
      decoded = decodeURIComponent(current.replace(/\+/g, ' '))
    } catch {
      decoded = current.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    }
    if (decoded === current) break
    out.push(decoded)
    current = decoded
  }
  const entities = current
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&apos;|&#x27;/gi, "'")
    .replace(/&amp;/gi, '&')
  if (entities !== current) out.push(entities)
  return out
}

/** Only this much of a text is matched: longer input is fuzz by size already, and regexes stay cheap. */
export const MATCH_LIMIT = 8 * 1024

export interface ProbeMatch {
  probeClass: ProbeClass
  rule: string
}

/** The first matching rule per class, most specific classes first. Empty for ordinary text. */
export function classifyText(text: string): ProbeMatch[] {
  if (!text) return []
  const found = new Map<ProbeClass, string>()
  if (text.length > 64 * 1024) found.set('fuzz', 'fuzz-oversized')
  for (const variant of variantsOf(text.length > MATCH_LIMIT ? text.slice(0, MATCH_LIMIT) : text)) {
    for (const rule of PROBE_RULES) {
      if (found.has(rule.probeClass)) continue
      if (rule.test(variant)) found.set(rule.probeClass, rule.id)
    }
  }
  return [...found].map(([probeClass, rule]) => ({ probeClass, rule }))
}

/** The class a refusal itself shows, whatever its content: oversized, binary or malformed bodies. */
export function classifyRefusal(r: {
  status: number
  code?: string
  contentType?: string | null
  bodyBytes: number
}): ProbeMatch | null {
  if (r.status === 413) return { probeClass: 'fuzz', rule: 'fuzz-oversized-body' }
  if (r.status === 415 && r.bodyBytes > 0 && !/^text\/plain|^application\/x-www-form-urlencoded/i.test(r.contentType ?? '')) {
    return { probeClass: 'fuzz', rule: 'fuzz-binary-body' }
  }
  if (r.status === 400 && r.code === 'bad_request' && r.bodyBytes > 0) return { probeClass: 'fuzz', rule: 'fuzz-malformed-json' }
  return null
}

/** The severity a probe starts with: code execution first, then data access, then noise. */
export function probeSeverity(probeClass: ProbeClass, stored: boolean): 'low' | 'medium' | 'high' | 'critical' {
  const base = { command: 'high', sql: 'high', template: 'high', script: 'medium', path: 'medium', fuzz: 'low' } as const
  // A probe that a write accepted and stored (it reached the database) is one step more urgent.
  if (!stored) return base[probeClass]
  return base[probeClass] === 'high' ? 'critical' : base[probeClass] === 'medium' ? 'high' : 'medium'
}

/**
 * A short sample safe to show admins: at most 200 characters, control characters escaped, and
 * anything that looks like a credential (long token-like runs, bearer values) or an e-mail masked.
 */
export function redactSample(text: string, max = 200): string {
  const head = text.length > max ? text.slice(0, max) : text
  const masked = head
    .replace(/\b(?:bearer|token|password|secret|api[_-]?key)\s*[:=]\s*\S+/gi, (m) => `${m.split(/[:=]/)[0]}=[redacted]`)
    .replace(/[A-Za-z0-9_\-+/]{32,}={0,2}/g, '[redacted]')
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[email]')
    // eslint-disable-next-line no-control-regex -- control characters are escaped so a sample shows them
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return text.length > max ? `${masked}… (${text.length} chars)` : masked
}
