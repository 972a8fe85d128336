import { Hono } from 'hono'
import type { AppContext, AppEnv } from '../http/context'
import { DRAFT_TTL_MS, DRAFTS_PER_IP_PER_HOUR, POLL_INTERVAL_SECONDS } from '../services/operator-clients/drafts'

/** Never the request's Host: a forged one would tell agents to send their tokens elsewhere. */
function originOf(c: AppContext) {
  const env = c.var.deps.env
  return env.EXOCORP_PUBLIC_ORIGIN ? new URL(env.EXOCORP_PUBLIC_ORIGIN).origin : `http://localhost:${env.PORT}`
}

function skillMd(origin: string) {
  return `---
name: exocorp-platform
description: Manage Exocorp exocorps (AI companies run as isolated runtimes) through the Exocorp Platform API on behalf of a human who approves you in their browser.
---

# Exocorp Platform

The Exocorp Platform provisions, updates, pauses and monitors **exocorps**: AI companies,
each running in its own isolated runtime with an operator portal. Humans sign up in the
browser; coding agents act **for** a signed-in human after that human approves them.

- Base URL: \`${origin}\`
- API: JSON over HTTPS under \`${origin}/api\`. Errors are \`{ "error": { "code", "message", "details?" } }\`
  with status codes that mean what they say (400 invalid input, 401 no or bad token,
  403 not allowed, 404 not found, 409 not possible in the current state, 429 slow down).

## When to use this skill
Use it when your user asks you to look at, create, provision, update, pause, resume or stop
their exocorps, or to read their fleet's status, jobs or audit trail.

## Getting access (you cannot sign up on your own)
There is no agent-first signup and no API to create a platform user. Your human must already
have an account. Then follow the two-token flow step by step in
[${origin}/skills/connect-agent.md](${origin}/skills/connect-agent.md):

1. \`POST ${origin}/api/operator-clients/drafts\` → a draft token, an approval URL and a user code.
2. Show your human the approval URL and code; they approve you in their browser.
3. Poll \`POST ${origin}/api/operator-clients/redeem\` until it returns your bearer token (once).
4. Call the registry API with \`Authorization: Bearer <token>\`.

## What a bearer token can do
It acts as your human on the registry API (\`/api/registry/*\`) and can read \`/api/auth/me\`
and \`/api/billing/account\`. It can never reach \`/api/admin/*\`, create users, or approve,
list or revoke operator clients (403). Every call you make is recorded in the audit trail
with you as the actor. Your human can revoke you at any time; the next call answers 401.
`
}

function connectMd(origin: string) {
  const minutes = DRAFT_TTL_MS / 60_000
  return `# Connect a coding agent to the Exocorp Platform

Follow these steps exactly. Every request is JSON (\`content-type: application/json\`).

## 1. Ask for a draft

\`\`\`http
POST ${origin}/api/operator-clients/drafts
content-type: application/json

{ "name": "Claude Code on alice-laptop", "scopes": ["registry:read", "registry:write"] }
\`\`\`

\`scopes\` is optional (both by default); ask for \`["registry:read"]\` alone if you only need
to read. The answer (201):

\`\`\`json
{
  "draftToken": "exo_draft_…",
  "approvalUrl": "/connect/ABCD-2345",
  "userCode": "ABCD-2345",
  "expiresAt": "2026-06-01T12:10:00.000Z",
  "pollIntervalSeconds": ${POLL_INTERVAL_SECONDS}
}
\`\`\`

Keep \`draftToken\` secret; it works once and expires in ${minutes} minutes. At most
${DRAFTS_PER_IP_PER_HOUR} drafts per hour per address (429 after that).

## 2. Ask your human to approve

Tell them, word for word: "Open ${origin}/connect/ABCD-2345 while signed in, check that the
code is **ABCD-2345** and that the name is the one I gave, then approve." (Use the real
\`approvalUrl\`, prefixed with \`${origin}\`, and the real \`userCode\`.) If they have no
account yet, they sign up at ${origin}/sign-up first. They can see and revoke you later at
${origin}/account/api-tokens.

## 3. Poll for your token

\`\`\`http
POST ${origin}/api/operator-clients/redeem
content-type: application/json

{ "draftToken": "exo_draft_…" }
\`\`\`

Poll every \`pollIntervalSeconds\`:

| Status | Body | Do |
|---|---|---|
| 202 | \`{ "status": "pending" }\` | wait and poll again |
| 200 | \`{ "status": "approved", "token": "exo_oc_…", "tokenType": "Bearer", "client", "user" }\` | store the token; it is shown **once** |
| 403 | \`error.code = "draft_denied"\` | your human said no; stop |
| 410 | \`error.code = "draft_expired"\` | start again at step 1 |
| 410 | \`error.code = "draft_already_redeemed"\` | the token was already handed out; start again |
| 404 | \`error.code = "draft_not_found"\` | wrong draft token |

## 4. Use the bearer token

\`\`\`http
GET ${origin}/api/registry/my-companies
authorization: Bearer exo_oc_…
\`\`\`

Useful endpoints (as your human):

- \`GET /api/auth/me\` — who you act for (\`via: "operator_client"\`).
- \`GET /api/registry/my-companies\` — every exocorp your human can access.
- \`POST /api/registry/companies\` \`{ "name", "slug" }\` — create a draft exocorp.
- \`GET /api/registry/companies/:id\` — detail and status.
- \`POST /api/registry/companies/:id/actions\` \`{ "action": "provision" }\` — lifecycle actions
  (\`provision, update, restart, pause, resume, stop, reprovision, rollback, destroy\`).
  Destructive ones (\`stop, reprovision, rollback, destroy\`) need \`"confirm": "<slug>"\`:
  ask your human first.
- \`GET /api/registry/companies/:id/jobs/current\` — the running job's phases; poll it while
  the status is \`provisioning\` or \`starting\`.
- \`GET /api/billing/account\` — balance and billing state. When the account is
  \`restricted\`, provisioning and updates answer 409; when \`suspended\`, exocorps are paused.

## Rules
- Never send the token anywhere but \`${origin}\`. Never print it in logs or commits.
- A 401 means the token was revoked or is unknown: stop and ask your human to connect you again.
- 403 on \`/api/admin/*\`, \`/api/auth/signup\` and \`/api/operator-clients/*\` is by design.
- Every call is audited with you as the actor.
`
}

// Cacheable by anyone: the text depends on configuration only, never on the request.
function markdown(c: AppContext, body: string) {
  return c.body(body, 200, {
    'Content-Type': 'text/markdown; charset=utf-8',
    'Cache-Control': 'public, max-age=300',
  })
}

/** Mounted on the root app (outside /api): the public agent skills as markdown. */
export const skillRoutes = new Hono<AppEnv>()
  .get('/SKILL.md', (c) => markdown(c, skillMd(originOf(c))))
  .get('/skills/connect-agent.md', (c) => markdown(c, connectMd(originOf(c))))
