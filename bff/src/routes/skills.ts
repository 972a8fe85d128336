import { Hono } from 'hono'
import type { AppContext, AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { activePriceBook } from '../services/catalog/pricing'
import { servedSkillDocument } from '../services/operations/skill-documents'
import { AppError } from '../lib/errors'
import { DRAFT_TTL_MS, DRAFTS_PER_IP_PER_HOUR, POLL_INTERVAL_SECONDS } from '../services/operator-clients/drafts'

/** Never the request's Host: a forged one would tell agents to send their tokens elsewhere. */
function originOf(c: AppContext) {
  const env = c.get('deps').env
  return env.EXOCORP_PUBLIC_ORIGIN ? new URL(env.EXOCORP_PUBLIC_ORIGIN).origin : `http://localhost:${env.PORT}`
}

/** The models the active price book names, in words for the draft section. */
async function modelsSentence(c: AppContext): Promise<string> {
  const book = await activePriceBook(c.get('deps'))
  if (!book) return 'nothing yet (no price book is active; provisioning is refused until a platform owner activates one)'
  const names = Object.keys(book.models)
    .map((m) => `\`${m}\``)
    .join(', ')
  return book.default
    ? `${names} (any other name is billed at the price book's default rate)`
    : `${names} (usage of any other model is refused)`
}

/*
 * The agent's working guide. Blocks fenced as `http recipe=…` are requests and the `json status=…`
 * block after each is the answer; bff/test/agent-docs-recipes.test.ts runs them in order against
 * the real API (decision 021), so change them only together with that test passing.
 */
function skillMd(origin: string, models: string) {
  return `---
name: exocorp-platform
description: Manage Exocorp exocorps (AI companies run as isolated runtimes) through the Exocorp Platform API on behalf of a human who approves you in their browser.
---

# Exocorp Platform

The Exocorp Platform provisions, updates, pauses and monitors **exocorps**: AI companies, each
running in its own isolated runtime with an operator portal. Humans sign up in the browser; coding
agents act **for** a signed-in human after that human approves them.

- Base URL: \`${origin}\`. The API is JSON under \`${origin}/api\`; send \`content-type: application/json\`
  with every body.
- Errors always look like \`{ "error": { "code", "message", "details?", "requestId" } }\`; the
  status code means what it says (see [Errors](#errors-and-what-to-do-next)).
- A short index of these documents for agents: [${origin}/llms.txt](${origin}/llms.txt).
- Every endpoint with its exact request and response schemas, as OpenAPI 3.1:
  [${origin}/api/openapi.json](${origin}/api/openapi.json) (readable at [${origin}/docs/api](${origin}/docs/api)).

## When to use this skill
Use it when your user asks you to look at, create, configure, provision, update, pause, resume,
stop or fix their exocorps, or to read their fleet's status, jobs or audit trail.

## Getting access (you cannot sign up on your own)
There is no agent-first signup and no API to create a platform user. Your human must already have
an account. Then follow the two-token flow in
[${origin}/skills/connect-agent.md](${origin}/skills/connect-agent.md):

1. \`POST ${origin}/api/operator-clients/drafts\` → a draft token, an approval URL and a user code.
2. Show your human the approval URL and code; they approve you in their browser.
3. Poll \`POST ${origin}/api/operator-clients/redeem\` until it returns your bearer token (once), with
   the \`scopes\` granted and \`expiresAt: null\` (it lasts until revoked).
4. Call the API with \`authorization: Bearer <token>\`.

## What a token can do
It acts as your human on the registry API (\`/api/registry/*\`, \`/api/dashboard/summary\`,
\`/api/runtime/billing/usage\`) and can read \`/api/auth/me\` and \`/api/billing/account\`.

| Scope | Allows |
|---|---|
| \`registry:read\` | every GET below |
| \`registry:write\` | also every POST, PATCH and DELETE below |

It can never reach \`/api/admin/*\`, create users, or approve, list or revoke operator clients
(403). Your human can revoke you at any time; the next call answers 401.

Your human may also limit you to **chosen exocorps** (the redeem answer's \`companyIds\`; \`null\`
means all of theirs, including new ones). Then any other exocorp answers 404 as if it did not exist,
lists, the dashboard summary, the audit trail and the event stream show only yours, bulk actions
answer "No such exocorp" for the others, and creating an exocorp or calling an account-wide endpoint
(credentials, billing, invitations, notifications) answers 403 with \`details.reason: "exocorp_restricted"\`:
ask your human to approve a new connection with the access you need.

**What is recorded in the audit trail, with you as the actor:** every write you make (one row per
call, plus the row of the action itself, e.g. \`company.provision\`), every refused call of any
method (status 400 or above; a refusal repeated within 10 minutes is counted on one row, shown as
\`repeats.count\`), and your successful reads summarised as one \`operator_client.read\` row per
minute (the first path you read that minute). You and your human can read all of it: see the
"Read the audit trail" recipe.

## Endpoints

Everything under \`${origin}\`. \`:id\` is an exocorp id from \`GET /api/registry/my-companies\`.

| Method and path | Scope | Answer |
|---|---|---|
| \`GET /api/auth/me\` | read | who you act for (\`via: "operator_client"\`) |
| \`GET /api/registry/my-companies\` | read | \`{ items: [summary] }\` — every exocorp your human can access |
| \`GET /api/registry/slug-availability?slug=acme\` | read | whether a slug is free |
| \`POST /api/registry/companies\` \`{ name, slug, channel? }\` | write | 201, the new exocorp (status \`draft\`) |
| \`GET /api/registry/companies/:id\` | read | the detail (fields below); sends an \`ETag\` |
| \`PATCH /api/registry/companies/:id\` \`{ name?, channel? }\` | write | 200, the detail |
| \`GET /api/registry/companies/:id/draft\` | read | \`{ version, config, updatedAt }\` |
| \`POST /api/registry/companies/:id/draft\` \`{ baseVersion, config }\` | write | 200, the saved draft (see [The draft](#the-draft)) |
| \`POST /api/registry/companies/:id/actions\` \`{ action, confirm? }\` | write | 200 or 202 (see [Actions](#actions-which-finish-at-once-and-which-start-a-job)) |
| \`POST /api/registry/companies/:id/{provision,update,restart,stop}\` \`{ confirm? }\` | write | the same as \`actions\` with that action |
| \`GET /api/registry/companies/:id/jobs/current\` | read | the job in flight, **or else the last finished one** (404 if none ever ran) |
| \`GET /api/registry/companies/:id/update-handshake\` | read | \`{ status, installedVersion, availableVersion, reason, missingProviders, notes }\` |
| \`GET /api/registry/companies/:id/bindings\` | read | which credential each provider uses, with coverage |
| \`POST /api/registry/companies/:id/bindings\` \`{ provider, secretId }\` | write | bind (or \`secretId: null\` to unbind) |
| \`GET /api/registry/companies/:id/manifest\` | read | \`{ yaml, generatedAt }\` (owner only) |
| \`GET /api/registry/provider-secrets\` | read | your human's credentials (label and last 4 only, never the value) |
| \`POST /api/registry/provider-secrets\` \`{ provider, label, value }\` | write | 201; ask your human before storing a key |
| \`GET /api/registry/company-releases/current?channel=stable\` | read | the newest release of a channel |
| \`GET /api/registry/company-releases/catalog\` | read | every published release |
| \`GET /api/registry/audit-events?…\` | read | audit trail (see the recipe) |
| \`GET /api/dashboard/summary\` | read | fleet counts by status and credential coverage |
| \`GET /api/runtime/billing/usage?companyId=:id\` | read | usage events of one exocorp, paged |
| \`GET /api/registry/companies/:id/spend-requests?status=pending_approval\` | read | its agents' spend requests waiting for the owner (owner's exocorps only), \`{ items, nextCursor }\` |
| \`POST /api/registry/companies/:id/spend-requests/:requestId/decision\` \`{ decision: "approve" \\| "deny", note? }\` | write | 200, the request with the card issuer's \`authorization\` and the captured \`transaction\`; 409 \`already_decided\`. Ask your human before approving money |
| \`GET /api/billing/account\` | read | balance and billing state |
| \`GET /api/events\` (WebSocket) | read | live events about your human's exocorps (see [Watch an exocorp](#watch-an-exocorp)) |

A path that exists answers 405 with an \`Allow\` header when you use the wrong method; any other
unknown path answers 404 \`not_found\`.

### The exocorp detail: the fields that tell you what to do
- \`status\`: \`draft\`, \`provisioning\`, \`starting\`, \`running\`, \`paused\`, \`stopped\`, \`failed\`,
  \`destroyed\`. Poll while it is \`provisioning\` or \`starting\`.
- \`allowedActions\`: one entry per action, \`{ action, allowed, reason, destructive }\`. Before
  calling an action, find it here: when \`allowed\` is false, \`reason\` says why in a sentence
  (e.g. "Another lifecycle action is still running; wait for it to finish").
- \`lastError\`: why the last job failed, in words; \`null\` when nothing failed. Start here when
  \`status\` is \`failed\`.
- \`installedVersion\` (what runs, \`null\` before the first provision) and \`availableVersion\` (the
  newest release on the exocorp's \`channel\`). When they differ, an update is available.
- \`draftVersion\` (the saved draft) and \`deployedDraftVersion\` (the draft the runtime was
  provisioned from): when they differ, the saved changes are not live yet; \`update\` or
  \`reprovision\` deploys them.
- \`providerReadiness\`: \`{ configured, total, missingRequired, willAutoBind }\`. \`missingRequired\`
  lists required providers with no credential bound; \`willAutoBind\` lists those of them the next
  provision binds by itself. Provisioning is refused (409 \`blocked\`) only for providers that are
  missing and not in \`willAutoBind\`.
- \`currentJob\`: the job in flight, else \`null\` (use \`jobs/current\` for the last finished one).

### Credentials and the auto-binding rule
Each exocorp needs a credential bound for every required provider of its release (and for any
provider its draft lists). When a provision, update, reprovision or rollback runs, its "Bind
credentials" phase binds every required provider that has no binding **to your human's only
credential of that kind, when they have exactly one**. With none, or with several, nothing is
bound: add one (\`POST /api/registry/provider-secrets\`) or choose one
(\`POST /api/registry/companies/:id/bindings\`). \`providerReadiness.willAutoBind\` and the update
handshake's \`notes\` say in advance what will be bound.

### The draft
The draft is the exocorp's configuration: its agents, extra providers and settings. Read it, change
it, and save it with the \`version\` you read as \`baseVersion\`:

\`\`\`json
{
  "baseVersion": 3,
  "config": {
    "agents": [{ "name": "Ada", "role": "Chief executive: sets goals and budgets", "model": "gpt-4o" }],
    "providers": [],
    "settings": {}
  }
}
\`\`\`

- \`agents\`: at most 50; each is \`{ name, role, model, schedules? }\` (name 1–60 characters, role
  1–200, model 1–100). A provision needs at least one agent.
- \`schedules\` (optional, at most 10 per agent, names unique): \`{ name, cron, task?, notify? }\`.
  \`cron\` is a cron expression in UTC: five fields \`minute hour day month weekday\` (or six with
  seconds first), \`*\`, values, ranges, steps, lists, month/day names, or \`@hourly\`/\`@daily\`/
  \`@weekly\`/\`@monthly\`/\`@yearly\`; a bad one is a 400 naming the field. The runtime runs
  \`task\` (default: the name) on it and reports each run to the platform's operators; with
  \`notify\` (a channel or a person) the agent messages that recipient with the result.
- \`model\`: any model name is accepted; the active price book prices ${models}.
  (any other name is billed at the price book's default rate).
- \`providers\`: extra providers this exocorp must have credentials for (\`openai\`, \`anthropic\`,
  \`google\`, \`mistral\`, \`e2b\`); they become required.
- \`settings\`: string keys to string, number or boolean values. The release the exocorp would
  install declares the keys it reads (\`GET /api/registry/company-releases/current?channel=…\`,
  its \`settings\`: \`key\`, \`type\` boolean/integer/number/string/enum, \`label\`, \`description\`,
  \`default\`, \`min\`/\`max\`, \`choices\`, \`required\`). A save whose added or changed values do
  not fit answers **400 \`validation_failed\`** (\`details.reason\` \`invalid_settings\`) with field
  errors named \`settings.<key>\`; a provision, update or reprovision checks every declared key
  (and a required one without a default) the same way. Keys the release does not declare are kept
  and passed to the runtime unchecked. Credentials are never settings.
- The answer is the saved draft with \`version\` one higher. If someone saved in between, the
  answer is **409 \`stale_draft\`** with \`details.version\` (the current one): read the draft
  again, re-apply your change, and save with the new \`baseVersion\`.
- Saving does not change a running runtime; a provision, update or reprovision deploys it.
- An unknown field answers 400 and names the allowed ones.

## Actions: which finish at once and which start a job

\`POST /api/registry/companies/:id/actions\` with \`{ "action": "…" }\`; add \`"confirm": "<slug>"\`
for the destructive ones (\`stop\`, \`reprovision\`, \`rollback\`, \`destroy\`) — ask your human first.
The answer is \`{ company, job }\`.

| Action | From status | Answer | Then |
|---|---|---|---|
| \`pause\` | running | **200**, done | \`company.status\` is \`paused\` |
| \`resume\` | paused | **200**, done | \`running\` |
| \`stop\` | running, paused, failed, starting | **200**, done | \`stopped\` |
| \`destroy\` | any but destroyed | **200**, done | \`destroyed\` (cannot be undone) |
| \`provision\` | draft, stopped, failed | **202**, a job | \`provisioning\` (\`starting\` from stopped) → \`running\` or \`failed\` |
| \`update\` | running, paused | **202**, a job | installs \`availableVersion\` |
| \`restart\` | running, paused, failed | **202**, a job | \`starting\` → \`running\` |
| \`reprovision\` | running, paused, stopped, failed | **202**, a job | a fresh runtime |
| \`rollback\` | running, paused, failed | **202**, a job | back to \`previousVersion\` |

After a 202, follow the job until its \`status\` is \`succeeded\` or \`failed\`: best on the event stream
(\`job.progress\` and \`company.status\` events, see [Watch an exocorp](#watch-an-exocorp)), or by
polling \`GET /api/registry/companies/:id/jobs/current\` every 2 seconds; \`phases[]\` shows each step
with a \`note\`, and \`error\` says why a failed job failed. Only one action runs at a time per exocorp
(409 \`job_in_flight\` otherwise).

## Errors and what to do next

| Status | \`error.code\` (\`details.reason\`) | Do |
|---|---|---|
| 400 | \`validation_failed\` | fix the fields named in \`details.fields\` (unknown fields list the allowed ones); do not resend unchanged |
| 400 | \`bad_request\` | the body is not valid JSON |
| 401 | \`unauthenticated\` | your token was revoked or is wrong: stop, ask your human to connect you again |
| 403 | \`forbidden\` | outside what an agent or your scope may do; do not retry |
| 404 | \`not_found\` | wrong id or path, or not your human's exocorp |
| 405 | \`method_not_allowed\` | use a method from the \`Allow\` header |
| 409 | \`conflict\` (\`job_in_flight\`) | wait: poll \`jobs/current\` until it finishes, then retry |
| 409 | \`conflict\` (\`invalid_state\`) | not possible from this status; read \`allowedActions[].reason\` |
| 409 | \`conflict\` (\`stale_draft\`) | read the draft again, re-apply, save with the new \`baseVersion\` |
| 409 | \`conflict\` (\`blocked\`) | credentials missing: see the auto-binding rule |
| 409 | \`conflict\` (\`no_update_available\`, \`no_previous_version\`, \`never_provisioned\`) | nothing to do; read \`allowedActions\` |
| 409 | \`conflict\` (\`billing_restricted\`) | tell your human to settle the balance (\`GET /api/billing/account\`) |
| 409 | \`conflict\` (\`no_price_book\`, \`release_lookup_failed\`) | a platform problem: tell your human |
| 409 | \`conflict\` (\`runtime_failed\`) | the runtime refused; read \`lastError\`, retry once, then tell your human |
| 409 | \`conflict\` (\`slug_taken\`) | choose another slug |
| 413 / 415 | \`payload_too_large\` / \`unsupported_media_type\` | send smaller JSON with \`content-type: application/json\` |
| 429 | \`too_many_requests\` | wait \`Retry-After\` seconds |
| 500 | \`internal\` | retry once; then tell your human, quoting \`requestId\` |

## Recipes

The examples below are executed in this order by the platform's test suite against a real server,
with a token from the connect flow (so they stay true). Notation as in connect-agent.md: \`{name}\`
is a value from an earlier answer, \`"…"\` any value, only the fields shown are promised.

### Diagnose and fix a failed exocorp

1. Find it and read why it failed (\`lastError\`):

\`\`\`http recipe=fix-failed
GET ${origin}/api/registry/my-companies
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "items": [{ "id": "{companyId}", "slug": "{slug}", "status": "failed" }] }
\`\`\`

\`\`\`http recipe=fix-failed
GET ${origin}/api/registry/companies/{companyId}
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{
  "status": "failed",
  "lastError": "…",
  "draftVersion": "{draftVersion}",
  "allowedActions": [{ "action": "provision", "allowed": true, "reason": null }]
}
\`\`\`

2. See which phase failed and why — \`jobs/current\` returns the last finished job too:

\`\`\`http recipe=fix-failed
GET ${origin}/api/registry/companies/{companyId}/jobs/current
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{
  "action": "provision",
  "status": "failed",
  "error": "…",
  "phases": [{ "name": "validate_draft", "status": "failed" }]
}
\`\`\`

Phase names, in order: \`validate_draft\`, \`resolve_release\`, \`bind_credentials\`,
\`allocate_runtime\`, \`write_manifest\`, \`start_control_plane\`, \`health_check\`. A failed
\`validate_draft\` means the draft is wrong (here: no agents); \`bind_credentials\` means a credential
is missing (see the auto-binding rule); the later ones are runtime problems (\`restart\` or
\`reprovision\`, then tell your human).

3. Read the draft, fix it, save it with \`baseVersion\` set to the \`version\` you read:

\`\`\`http recipe=fix-failed
GET ${origin}/api/registry/companies/{companyId}/draft
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "version": "{draftVersion}", "config": { "agents": [], "providers": [], "settings": {} } }
\`\`\`

\`\`\`http recipe=fix-failed
POST ${origin}/api/registry/companies/{companyId}/draft
authorization: Bearer {token}
content-type: application/json

{
  "baseVersion": {draftVersion},
  "config": {
    "agents": [
      { "name": "Ada", "role": "Chief executive: sets goals and budgets", "model": "gpt-4o" },
      { "name": "Brunel", "role": "Engineer: ships features", "model": "claude-sonnet-4" }
    ],
    "providers": [],
    "settings": {}
  }
}
\`\`\`

\`\`\`json status=200
{ "version": "…", "config": { "agents": [{ "name": "Ada" }, { "name": "Brunel" }] } }
\`\`\`

4. Provision again (202: a job), and poll the job until it finishes:

\`\`\`http recipe=fix-failed
POST ${origin}/api/registry/companies/{companyId}/actions
authorization: Bearer {token}
content-type: application/json

{ "action": "provision" }
\`\`\`

\`\`\`json status=202
{ "company": { "status": "provisioning" }, "job": { "id": "{jobId}", "action": "provision" } }
\`\`\`

\`\`\`http recipe=fix-failed poll
GET ${origin}/api/registry/companies/{companyId}/jobs/current
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "id": "{jobId}", "status": "succeeded" }
\`\`\`

\`\`\`http recipe=fix-failed
GET ${origin}/api/registry/companies/{companyId}
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "status": "running", "lastError": null, "installedVersion": "{installedVersion}" }
\`\`\`

If the job fails again, start over at step 1: \`lastError\` and the failed phase say what is next.

### Check for an update and apply it

\`\`\`http recipe=update
GET ${origin}/api/registry/companies/{companyId}/update-handshake
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "status": "update_available", "installedVersion": "{installedVersion}", "availableVersion": "{availableVersion}", "missingProviders": [] }
\`\`\`

\`status\` is \`up_to_date\` (nothing to do), \`install_required\` (never provisioned: provision),
\`update_available\` (go on) or \`blocked\` (\`reason\` and \`missingProviders\` say what to fix first).
\`notes\` has the release notes and what the bind phase will bind. Then:

\`\`\`http recipe=update
POST ${origin}/api/registry/companies/{companyId}/actions
authorization: Bearer {token}
content-type: application/json

{ "action": "update" }
\`\`\`

\`\`\`json status=202
{ "company": { "status": "provisioning" }, "job": { "id": "{updateJobId}", "action": "update" } }
\`\`\`

\`\`\`http recipe=update poll
GET ${origin}/api/registry/companies/{companyId}/jobs/current
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "id": "{updateJobId}", "status": "succeeded" }
\`\`\`

\`\`\`http recipe=update
GET ${origin}/api/registry/companies/{companyId}
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "status": "running", "installedVersion": "{availableVersion}", "previousVersion": "{installedVersion}" }
\`\`\`

If the new release misbehaves, \`rollback\` (destructive: \`"confirm": "<slug>"\`) returns to
\`previousVersion\`.

### Pause and resume (answers at once)

\`\`\`http recipe=pause
POST ${origin}/api/registry/companies/{companyId}/actions
authorization: Bearer {token}
content-type: application/json

{ "action": "pause" }
\`\`\`

\`\`\`json status=200
{ "company": { "status": "paused" }, "job": { "action": "pause", "status": "succeeded" } }
\`\`\`

\`\`\`http recipe=pause
POST ${origin}/api/registry/companies/{companyId}/actions
authorization: Bearer {token}
content-type: application/json

{ "action": "resume" }
\`\`\`

\`\`\`json status=200
{ "company": { "status": "running" } }
\`\`\`

### Read the audit trail

\`GET /api/registry/audit-events\` lists, newest first, the events about your human's exocorps and
everything you (and your human's other agents) did or were refused. Filters, all optional:
\`targetId\` (an exocorp id), \`targetType\`, \`action\` (e.g. \`company.provision\`), \`actorType\`
(\`user\`, \`operator_client\`, \`system\`), \`actorId\`, \`outcome\` (\`succeeded\`, \`failed\`), \`from\` and
\`to\` (ISO 8601 times), \`limit\` (1–200, default 50) and \`cursor\`. Each event is
\`{ id, at, actor: { type, id, label }, action, target: { type, id }, outcome, summary, details,
requestId }\`, plus \`repeats: { count, firstAt, lastAt }\` on a refusal counted more than once.

\`\`\`http recipe=audit
GET ${origin}/api/registry/audit-events?targetId={companyId}&limit=2
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "items": [{ "action": "…", "target": { "type": "company", "id": "{companyId}" } }], "nextCursor": "{cursor}" }
\`\`\`

When \`nextCursor\` is not null, pass it as \`cursor\` (with the same filters) for the next, older page:

\`\`\`http recipe=audit
GET ${origin}/api/registry/audit-events?targetId={companyId}&limit=2&cursor={cursor}
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "items": [{ "target": { "id": "{companyId}" } }] }
\`\`\`

Your own calls, refusals included:

\`\`\`http recipe=audit
GET ${origin}/api/registry/audit-events?actorType=operator_client&actorId={clientId}
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "items": [{ "action": "operator_client.read", "actor": { "type": "operator_client", "id": "{clientId}" } }] }
\`\`\`

### Watch an exocorp

Do not poll: open the event stream. \`GET ${origin}/api/events\` is a **WebSocket** (\`ws://\` for an
\`http://\` base URL, \`wss://\` for \`https://\`), authenticated with your bearer token in the
\`authorization\` header of the upgrade request — from Node, e.g.
\`new WebSocket(url, { headers: { authorization: 'Bearer …' } })\` with the \`ws\` package. It carries
every change to your human's exocorps as JSON messages, one per frame; you never send anything.
The first message is \`hello\`:

\`\`\`http recipe=watch websocket
GET ${origin}/api/events
authorization: Bearer {token}
\`\`\`

\`\`\`json status=101
{ "type": "hello", "lastEventId": "{lastEventId}", "heartbeatMs": "…" }
\`\`\`

Then start something — here a restart (202, a job) — and watch it happen on the socket instead of
polling \`jobs/current\`:

\`\`\`http recipe=watch
POST ${origin}/api/registry/companies/{companyId}/actions
authorization: Bearer {token}
content-type: application/json

{ "action": "restart" }
\`\`\`

\`\`\`json status=202
{ "company": { "status": "starting" }, "job": { "id": "{restartJobId}", "action": "restart" } }
\`\`\`

Each of the job's steps arrives as a \`job.progress\` event (with every phase and its \`note\`), the
last one with the job's final \`status\`:

\`\`\`json recipe=watch event
{ "type": "job.progress", "companyId": "{companyId}", "data": { "jobId": "{restartJobId}", "action": "restart", "status": "succeeded" } }
\`\`\`

and every status or health change as a \`company.status\` event:

\`\`\`json recipe=watch event
{ "type": "company.status", "companyId": "{companyId}", "data": { "status": "running", "previousStatus": "starting", "health": "healthy" } }
\`\`\`

Messages, all with \`type\`:

| \`type\` | Fields | Means |
|---|---|---|
| \`hello\` | \`lastEventId\`, \`heartbeatMs\` | connected; resume from \`lastEventId\` |
| \`company.created\` | \`id\`, \`at\`, \`companyId\`, \`data: { status, health }\` | a new exocorp |
| \`company.status\` | \`id\`, \`at\`, \`companyId\`, \`data: { status, health, previousStatus, previousHealth }\` | status or health changed (\`health: "unreachable"\`: the runtime stopped answering) |
| \`job.progress\` | \`id\`, \`at\`, \`companyId\`, \`data: { jobId, action, status, phases }\` | a job was queued, moved a phase, or ended |
| \`audit.created\` | \`id\`, \`at\`, \`companyId\`, \`data: { auditId, action, outcome }\` | a new audit event (owners only) |
| \`billing.state\` | \`id\`, \`at\`, \`data: { state, previousState }\` | your human's billing account changed state |
| \`log.line\` | \`id\`, \`at\`, \`companyId\`, \`data: { lineId, level, source, jobId, phase, message }\` | a runtime or job log line (owners only) |
| \`notification.created\` / \`notification.read\` | \`id\`, \`at\`, \`data: { notificationId, … }\` | your human's notifications (job failed, unreachable, …); you may ignore them |
| \`heartbeat\` | \`at\` | every \`heartbeatMs\`; nothing for two of them means the socket is dead: reconnect |
| \`resync\` | \`lastEventId\`, \`reason\` | you missed more than the replay window: re-read what you track, continue from here |

- **Reconnecting**: open \`${origin}/api/events?lastEventId=<the id of the last event you handled>\`;
  you get what you missed, in order (up to 1,000 events), then \`hello\`.
- **Closed by the server** with code 4401: your token was revoked (stop and ask your human);
  4408: you read too slowly, 1001: the server is restarting (both: reconnect with \`lastEventId\`). The upgrade itself answers like any
  call (401, 403, 429 with more than 10 open sockets for your human).
- **Fallback, when you cannot hold a socket**: poll. \`GET /api/registry/companies/:id\` and
  \`jobs/current\` send an \`ETag\`; send it back as \`if-none-match\` and an unchanged resource
  answers 304 with no body. Poll every 2 seconds while \`status\` is \`provisioning\` or \`starting\`
  (or a job runs), and no more than once a minute otherwise.
`
}

function connectMd(origin: string) {
  const minutes = DRAFT_TTL_MS / 60_000
  return `# Connect a coding agent to the Exocorp Platform

Follow these steps exactly. Every request and answer is JSON (\`content-type: application/json\`).
Then read [${origin}/SKILL.md](${origin}/SKILL.md) for everything you can do with the token.

How to read the examples: a block marked \`http\` is a request you send; the \`json\` block after it is
the answer, with its status code in the block's header. \`{name}\` stands for a value from an earlier
answer (the first time it appears in an answer, that is where you get it); \`"…"\` is any value;
\`"exo_oc_…"\` is a string starting with \`exo_oc_\`. Only the fields shown are promised; there may be more.
These examples are executed against the real API by the platform's test suite, in this order.

## 1. Ask for a draft

\`\`\`http recipe=connect
POST ${origin}/api/operator-clients/drafts
content-type: application/json

{ "name": "Claude Code on alice-laptop", "scopes": ["registry:read", "registry:write"] }
\`\`\`

\`\`\`json status=201
{
  "draftToken": "{draftToken}",
  "approvalUrl": "/connect/…",
  "userCode": "{userCode}",
  "expiresAt": "…",
  "pollIntervalSeconds": ${POLL_INTERVAL_SECONDS}
}
\`\`\`

\`scopes\` is optional (both by default). Ask for \`["registry:read"]\` alone if you only need to read:
then every POST, PATCH and DELETE answers 403. Keep \`draftToken\` secret; it works once and expires
in ${minutes} minutes. At most ${DRAFTS_PER_IP_PER_HOUR} drafts per hour per address (429 after that).

## 2. Ask your human to approve

Tell them, word for word (with the real code):

\`\`\`text recipe=connect human=approve
Open ${origin}/connect/{userCode} while signed in, check that the code is {userCode} and that the
name is the one I gave, then approve.
\`\`\`

If they have no account yet, they sign up at ${origin}/sign-up first (you cannot sign up for them).
They can see and revoke you later on their API tokens page, ${origin}/account/api-tokens.

## 3. Poll for your token

\`\`\`http recipe=connect
POST ${origin}/api/operator-clients/redeem
content-type: application/json

{ "draftToken": "{draftToken}" }
\`\`\`

\`\`\`json status=200
{
  "status": "approved",
  "token": "{token}",
  "tokenType": "Bearer",
  "scopes": ["registry:read", "registry:write"],
  "expiresAt": null,
  "client": { "id": "{clientId}", "name": "Claude Code on alice-laptop" },
  "user": { "id": "…", "email": "…" }
}
\`\`\`

Poll every \`pollIntervalSeconds\` until the answer is not 202:

| Status | Body | Do |
|---|---|---|
| 202 | \`{ "status": "pending", "expiresAt", "pollIntervalSeconds" }\` | wait and poll again |
| 200 | \`{ "status": "approved", "token", "scopes", "expiresAt": null, … }\` | store the token; it is shown **once** |
| 403 | \`error.code = "draft_denied"\` | your human said no; stop |
| 410 | \`error.code = "draft_expired"\` | start again at step 1 |
| 410 | \`error.code = "draft_already_redeemed"\` | the token was already handed out; start again |
| 404 | \`error.code = "draft_not_found"\` | wrong draft token |

\`scopes\` is what your human approved; \`companyIds\` the exocorps you may reach (\`null\`: all of
theirs). \`expiresAt\` is \`null\`: the token does not expire; it works
until your human revokes it, and then every call answers 401.

## 4. Use the bearer token

\`\`\`http recipe=connect
GET ${origin}/api/auth/me
authorization: Bearer {token}
\`\`\`

\`\`\`json status=200
{ "user": { "email": "…" }, "via": "operator_client" }
\`\`\`

Send \`authorization: Bearer <token>\` on every call. Now continue with
[${origin}/SKILL.md](${origin}/SKILL.md): the endpoints, the rules and the recipes.

## Rules
- Never send the token anywhere but \`${origin}\`. Never print it in logs or commits.
- A 401 means the token was revoked or is unknown: stop and ask your human to connect you again.
- 403 on \`/api/admin/*\`, \`/api/auth/signup\` and \`/api/operator-clients/*\` is by design.

## Next
What to do with the token: [${origin}/SKILL.md](${origin}/SKILL.md). Exact schemas of every endpoint:
[${origin}/api/openapi.json](${origin}/api/openapi.json).
`
}

function llmsTxt(origin: string) {
  return `# Exocorp Platform

> Provisions, updates and monitors exocorps (AI companies run as isolated runtimes). Coding agents act for a human who approves them in the browser; there is no agent-first signup.

## Docs for agents

- [SKILL.md](${origin}/SKILL.md): what you can do, every endpoint with examples, scopes, which actions answer at once (200) and which start a job (202), errors and what to do next, recipes (fix a failed exocorp, apply an update, read the audit trail).
- [Connect an agent](${origin}/skills/connect-agent.md): the two-token flow to get a bearer token (draft, human approval, redeem).
- [OpenAPI 3.1 document](${origin}/api/openapi.json): every endpoint with its request and response schemas, scopes and errors (readable at ${origin}/docs/api).

## API

- Base: ${origin}/api (JSON; \`authorization: Bearer exo_oc_…\`).
- Errors: \`{ "error": { "code", "message", "details?", "requestId" } }\`.
`
}

// Cacheable by anyone: the text depends on configuration only, never on the request.
function markdown(c: AppContext, body: string, type = 'text/markdown') {
  return c.body(body, 200, {
    'Content-Type': `${type}; charset=utf-8`,
    'Cache-Control': 'public, max-age=300',
  })
}

/** Mounted on the root app (outside /api): the public agent skills as markdown, and /llms.txt. */
export const skillRoutes = new Hono<AppEnv>()
  .get('/SKILL.md', guard.public, async (c) => markdown(c, skillMd(originOf(c), await modelsSentence(c))))
  .get('/skills/connect-agent.md', guard.public, (c) => markdown(c, connectMd(originOf(c))))
  // Managed skill documents (decision 043): the current version, gone the moment it is deleted.
  .get('/skills/:file{[a-z0-9][a-z0-9-]{1,62}[a-z0-9]\\.md}', guard.public, async (c) => {
    const body = await servedSkillDocument(c.get('deps'), c.req.param('file').slice(0, -3))
    if (body === null) throw AppError.notFound('Skill document')
    return c.body(body, 200, { 'Content-Type': 'text/markdown; charset=utf-8', 'Cache-Control': 'no-cache' })
  })
  .get('/llms.txt', guard.public, (c) => markdown(c, llmsTxt(originOf(c)), 'text/plain'))
