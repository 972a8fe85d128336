import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'
import { sha256Hex } from '../../lib/crypto'

/*
 * Markdown → HTML for the public site (decision 042). `marked` parses (it passes raw HTML through,
 * as CommonMark says); `sanitize-html` then keeps an allow-list of tags and attributes, so a
 * `<script>`, an event handler or a `javascript:` link in a page's source is dropped, never run.
 * Rendering happens once per publish; the public site serves the stored string.
 */

const marked = new Marked({ gfm: true, async: false })

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    'del',
    'hr',
    'br',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    // GFM task lists render disabled checkboxes.
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  // Script and style contents are dropped with their tags, not left behind as text.
  nonTextTags: ['script', 'style', 'textarea', 'noscript', 'iframe', 'object'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, ...(/^https?:/i.test(attribs.href ?? '') ? { rel: 'noopener nofollow ugc' } : {}) },
    }),
  },
  allowedClasses: { code: [/^language-[a-z0-9+-]{1,30}$/] },
}

/** Sanitised HTML of a page body. */
export function renderMarkdown(markdown: string): string {
  const raw = marked.parse(markdown) as string
  return sanitizeHtml(raw, SANITIZE)
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

const STYLE = `body{margin:0;font:16px/1.6 system-ui,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:44rem;margin:0 auto;padding:2rem 1rem}a{color:#0b57d0}pre{overflow-x:auto;background:#f4f4f4;padding:1rem}
img{max-width:100%}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#8ab4f8}pre{background:#222}}`

/** The whole public document of a published version. */
export function pageDocument(input: { title: string; description: string; html: string }): string {
  const description = input.description ? `<meta name="description" content="${escapeHtml(input.description)}">` : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>${description}<style>${STYLE}</style></head>
<body><main><article>${input.html}</article></main></body></html>
`
}

/** A strong ETag of the bytes served. */
export function etagOf(text: string): string {
  return `"${sha256Hex(text).slice(0, 32)}"`
}

export function xmlEscape(s: string): string {
  return escapeHtml(s)
}
