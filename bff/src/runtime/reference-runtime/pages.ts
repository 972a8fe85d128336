import type { RuntimeAgent } from './protocol'

/** Every value that reaches HTML goes through here; the pages carry no script at all (strict CSP). */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

export interface PageState {
  name: string
  slug: string
  version: string
  agents: RuntimeAgent[]
  paused: boolean
  startedAt: string
  usageReported: number
  /** Agent loop (issue 17): held back by the platform's kill switch, and the work started. */
  loopHalted?: boolean
  tasksStarted?: number
  stepsRun?: number
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0 auto; max-width: 48rem; padding: 2rem 1.25rem; line-height: 1.5; }
  header { display: flex; align-items: baseline; gap: .75rem; flex-wrap: wrap; }
  h1 { margin: 0; font-size: 1.6rem; }
  .badge { border-radius: 999px; padding: .1rem .6rem; font-size: .85rem; border: 1px solid currentColor; }
  .running { color: #15803d; } .paused { color: #b45309; }
  table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #8884; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: 600; } dd { margin: 0; }
  footer { margin-top: 2rem; font-size: .85rem; opacity: .75; }
`

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`
}

function statusBadge(paused: boolean): string {
  return paused ? '<span class="badge paused">Paused</span>' : '<span class="badge running">Running</span>'
}

/** The operator portal: who this exocorp is, which release it runs, and its agents. */
export function renderPortalPage(s: PageState): string {
  const rows = s.agents.length
    ? s.agents
        .map(
          (a) =>
            `<tr><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.role)}</td><td><code>${escapeHtml(a.model)}</code></td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="3">No agents configured.</td></tr>'
  return layout(
    `${s.name} — operator portal`,
    `<header><h1>${escapeHtml(s.name)}</h1>${statusBadge(s.paused)}</header>
<p>Operator portal of the exocorp <code>${escapeHtml(s.slug)}</code>. <a href="/__exocorp/console">Back to the Exocorp console</a></p>
<dl>
<dt>Version</dt><dd data-field="version">${escapeHtml(s.version)}</dd>
<dt>Status</dt><dd data-field="status">${s.paused ? 'Paused' : 'Running'}</dd>
<dt>Started</dt><dd>${escapeHtml(s.startedAt)}</dd>
<dt>Usage events reported</dt><dd>${s.usageReported}</dd>
<dt>Agent loop</dt><dd data-field="loop">${s.loopHalted ? 'Halted by the platform kill switch: no new agent work starts' : 'Running'}</dd>
<dt>Agent work started</dt><dd data-field="work">${s.tasksStarted ?? 0} task(s), ${s.stepsRun ?? 0} step(s)</dd>
</dl>
<h2>Agents</h2>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Model</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<footer>Exocorp reference runtime ${escapeHtml(s.version)}</footer>`,
  )
}

/** The public app surface (`<slug>.<app base>`): a landing page for the exocorp. */
export function renderAppPage(s: PageState): string {
  return layout(
    s.name,
    `<header><h1>${escapeHtml(s.name)}</h1>${statusBadge(s.paused)}</header>
<p>This is the public app of the exocorp <code>${escapeHtml(s.slug)}</code>, run by ${s.agents.length} agent${s.agents.length === 1 ? '' : 's'}.</p>
<footer>Exocorp reference runtime ${escapeHtml(s.version)}</footer>`,
  )
}

export function renderNotFoundPage(): string {
  return layout('Not found', '<h1>Not found</h1><p>This page does not exist on this exocorp.</p>')
}
