// Redaction of credentials in free text (decision 039): applied to every runtime and job log line
// before it is stored, so neither the table, the event outbox, the Logs tab nor a download ever holds
// one. Two layers: the exact values we know (an exocorp's bound provider credentials, with their
// common encodings) and shapes that look like a credential whatever their origin.

export const REDACTED = '[redacted]'

/**
 * Well-known credential shapes (after gitleaks' rules, trimmed to the providers this platform and its
 * runtimes meet). Order matters little: each replaces the whole match.
 */
const SHAPES: readonly RegExp[] = [
  // PEM private keys: the rest of the line goes (a log line is one line).
  /-----BEGIN [A-Z ]*PRIVATE KEY-----.*/g,
  // OpenAI (sk-…, sk-proj-…), Anthropic (sk-ant-…) and other sk- keys.
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  // This platform's own tokens: usage, runner, operator client, invitation, enrollment.
  /\bexo_[a-z]{2,5}_[A-Za-z0-9_-]{8,}/g,
  // Google API keys, AWS access key ids, GitHub, Slack, Stripe, Hugging Face, npm.
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g,
  /\bhf_[A-Za-z0-9]{30,}/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  // JSON Web Tokens.
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
]

/** `Authorization: Bearer x`, `Basic x`: the scheme stays, the value goes. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi

/** `password=x`, `"api_key": "x"`, `AWS_SECRET_ACCESS_KEY=x`: the name stays, the value goes. */
const NAMED_VALUE =
  /\b([A-Za-z0-9_.-]*(?:passw(?:or)?d|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*)(["']?\s*[:=]\s*["']?)(?!\[redacted\])([^\s"',;&]+)/gi

/** `scheme://user:password@host`: the password goes. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)([^@\s/]+)@/gi

/**
 * Long opaque runs that mix upper case, lower case and digits (base64-ish keys of unknown origin).
 * Lower-case hex (ids, hashes, UUIDs) is left alone: logs need it and it is rarely a secret.
 */
const OPAQUE_RUN = /[A-Za-z0-9_+/-]{32,}={0,2}/g
function looksRandom(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)
}

/** A known secret and the encodings a program is likely to print it in. */
function formsOf(value: string): string[] {
  const buf = Buffer.from(value, 'utf8')
  const forms = [
    value,
    buf.toString('base64'),
    buf.toString('base64').replace(/=+$/, ''),
    buf.toString('base64url'),
    buf.toString('hex'),
    buf.toString('hex').toUpperCase(),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
  ]
  // Shorter than 8 characters a "secret" would redact ordinary words; such values cannot be bound.
  return [...new Set(forms)].filter((f) => f.length >= 8).sort((a, b) => b.length - a.length)
}

export interface Redactor {
  (text: string): string
}

/** A redactor for text that may contain any of `known` (exact values) or a credential-shaped string. */
export function redactorFor(known: readonly string[] = []): Redactor {
  const forms = [...new Set(known.flatMap(formsOf))].sort((a, b) => b.length - a.length)
  return (text) => {
    let out = text
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED)
    for (const re of SHAPES) out = out.replace(re, REDACTED)
    out = out.replace(AUTH_SCHEME, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    // Counts and flags (`outputTokens=12`, `token_valid: true`) stay readable.
    out = out.replace(NAMED_VALUE, (m, name: string, sep: string, value: string) =>
      /^(?:\d+|true|false|null|none|undefined)$/i.test(value) ? m : `${name}${sep}${REDACTED}`,
    )
    out = out.replace(URL_PASSWORD, (_m, head: string) => `${head}${REDACTED}@`)
    out = out.replace(OPAQUE_RUN, (m) => (looksRandom(m) ? REDACTED : m))
    return out
  }
}
