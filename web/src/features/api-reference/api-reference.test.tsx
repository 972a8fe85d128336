import { screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { API_OPERATIONS, API_TAGS } from '@exocorp/shared/api-operations'
import { OPENAPI_ENDPOINT } from '@exocorp/shared/openapi'
import { createOpenApiDocument } from '@exocorp/shared/openapi-document'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

const SLOW = { timeout: 5_000 }
/** The whole reference is one long page; queries over it take a while in jsdom. */
const LONG_PAGE = 20_000

/** The real document, generated in-process by the code the BFF serves it with. */
function serveTheDocument() {
  const doc = createOpenApiDocument()
  server.use(http.get(OPENAPI_ENDPOINT.path, () => HttpResponse.json(doc)))
  return doc
}

const operationNamed = (name: string) => screen.getByRole('article', { name })

describe('API reference page', () => {
  it(
    'shows every operation, grouped by area, without signing in',
    async () => {
      const doc = serveTheDocument()
      renderRoute('/docs/api')
      expect(await screen.findByRole('heading', { level: 1, name: /Exocorp Platform API/ }, SLOW)).toBeInTheDocument()
      expect(screen.getByRole('link', { name: /OpenAPI 3\.1\.0 \(JSON\)/ })).toHaveAttribute('href', '/api/openapi.json')

      // One pass over the page's area headings, then one per area: the page is long.
      const areas = new Map(
        screen.getAllByRole('heading', { level: 2 }).map((h) => [h.textContent, h.closest('section')] as const),
      )
      for (const tag of API_TAGS) {
        const area = areas.get(tag.name)
        if (!area) throw new Error(`no area ${tag.name}`)
        const shown = within(area)
          .getAllByRole('heading', { level: 3 })
          .map((h) => h.textContent)
        const expected = API_OPERATIONS.filter((op) => op.tag === tag.name).map((op) => `${op.method.toUpperCase()} ${op.path}`)
        expect(shown.sort(), tag.name).toEqual(expected.sort())
      }
      expect(screen.getByRole('navigation', { name: 'API areas' })).toHaveTextContent('Admin: billing')
      expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(40)
    },
    LONG_PAGE,
  )

  it(
    'shows an operation’s parameters, request body and every response',
    async () => {
      serveTheDocument()
      renderRoute('/docs/api')
      await screen.findByRole('heading', { level: 1, name: /Exocorp Platform API/ }, SLOW)

      const saveDraft = operationNamed('POST /api/registry/companies/{id}/draft')
      expect(saveDraft).toHaveTextContent('Save the draft configuration')
      expect(saveDraft).toHaveTextContent('Signed in or agent')
      const params = within(saveDraft).getByRole('table', { name: 'Parameters of saveDraft' })
      expect(within(params).getByRole('rowheader', { name: /^id required$/ })).toBeInTheDocument()
      expect(within(params).getByRole('cell', { name: 'path' })).toBeInTheDocument()

      const body = within(saveDraft).getByRole('region', { name: 'Request body of saveDraft' })
      expect(within(body).getByRole('link', { name: 'SaveDraftInput' })).toHaveAttribute('href', '#schema-SaveDraftInput')
      const fields = within(body).getByRole('table', { name: 'Fields of SaveDraftInput' })
      expect(within(fields).getByRole('rowheader', { name: /baseVersion required/ })).toBeInTheDocument()
      expect(within(fields).getByRole('link', { name: 'DraftConfig' })).toBeInTheDocument()

      const responses = within(saveDraft).getByRole('region', { name: 'Responses of saveDraft' })
      for (const status of ['200', '400', '401', '403', '404', '409', '413']) {
        expect(within(responses).getByText(status, { selector: '.badge' })).toBeInTheDocument()
      }
      expect(responses).toHaveTextContent('stale_draft')
      expect(within(responses).getByRole('table', { name: 'Fields of Draft' })).toBeInTheDocument()

      // Query parameters with their limits and defaults.
      const audit = operationNamed('GET /api/registry/audit-events')
      const query = within(audit).getByRole('table', { name: 'Parameters of listMyAuditEvents' })
      expect(within(query).getByRole('rowheader', { name: 'targetId' })).toBeInTheDocument()
      expect(within(query).getByRole('row', { name: /limit/ })).toHaveTextContent('default 50')

      // Named schemas are listed once, with their fields.
      const job = screen.getByRole('article', { name: 'Schema Job' })
      expect(within(job).getByRole('rowheader', { name: /phases required/ })).toBeInTheDocument()
    },
    LONG_PAGE,
  )

  it(
    'filters operations by the words in the URL',
    async () => {
      serveTheDocument()
      const { user } = renderRoute('/docs/api?q=draft')
      await screen.findByRole('heading', { level: 1, name: /Exocorp Platform API/ }, SLOW)
      expect(screen.getByRole('searchbox', { name: 'Filter operations' })).toHaveValue('draft')
      expect(screen.getByRole('article', { name: 'GET /api/registry/companies/{id}/draft' })).toBeInTheDocument()
      expect(screen.queryByRole('article', { name: 'GET /api/health' })).not.toBeInTheDocument()

      await user.clear(screen.getByRole('searchbox', { name: 'Filter operations' }))
      await user.type(screen.getByRole('searchbox', { name: 'Filter operations' }), 'health')
      expect(await screen.findByRole('article', { name: 'GET /api/health' })).toBeInTheDocument()
      expect(screen.queryByRole('article', { name: 'GET /api/registry/companies/{id}/draft' })).not.toBeInTheDocument()
    },
    LONG_PAGE,
  )
})
