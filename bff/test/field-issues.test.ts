import { describe, expect, it } from 'vitest'
import { ValidationErrorBodySchema } from '@exocorp/shared/field-issues'
import { FIELD_RULE_KEYS } from '@exocorp/shared/field-rules'
import { makeHarness, signUp } from './harness'

// Decision 050: a 400 `validation_failed` names, next to each field's English sentence, the issue
// behind it (zod's code and what the check named), so a client can say it in its own language.

const PASSWORD = 'correct horse battery'

async function platformOwner() {
  const h = await makeHarness()
  await signUp(h.client, 'root@example.com', PASSWORD) // the first account is the platform owner
  expect((await h.client.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
  return h
}

describe('field issues in a validation error', () => {
  it('a bad broadcast answers 400 with a code per field sentence, and creates nothing', async () => {
    const h = await platformOwner()
    const res = await h.client.post('/api/admin/broadcasts', {
      title: 'Hi',
      body: 'x'.repeat(2001),
      segment: 'everyone-ever',
      endsAt: 'next tuesday',
      colour: 'red',
    })
    expect(res.status, res.text).toBe(400)
    const { error } = ValidationErrorBodySchema.parse(res.json)
    expect(error.code).toBe('validation_failed')
    const { fields, fieldIssues } = error.details!
    // The sentences stay as they were, for clients that show the server's words.
    expect(fields.title).toEqual(['At least 3 characters'])
    expect(fields.body).toEqual(['At most 2000 characters'])
    expect(fieldIssues).toMatchObject({
      title: [{ code: 'too_small', origin: 'string', minimum: 3, inclusive: true }],
      body: [{ code: 'too_big', origin: 'string', maximum: 2000, inclusive: true }],
      segment: [{ code: 'invalid_value' }],
      endsAt: [{ code: 'invalid_format' }],
      colour: [{ code: 'unrecognized_keys', allowed: expect.arrayContaining(['title', 'body', 'segment', 'endsAt']) }],
    })
    expect(fieldIssues!.segment![0]!.values).toEqual(expect.arrayContaining(['all']))
    // One issue per sentence, field by field.
    expect(Object.keys(fieldIssues!).sort()).toEqual(Object.keys(fields).sort())
    for (const [path, sentences] of Object.entries(fields)) expect(fieldIssues![path], path).toHaveLength(sentences.length)

    const list = await h.client.get('/api/admin/broadcasts')
    expect(list.status).toBe(200)
    expect(list.json.items).toEqual([])
  })

  it('names the expected type, and never echoes the value sent', async () => {
    const h = await makeHarness()
    const res = await h.client.post('/api/auth/login', { email: 42, password: 'secret words here' })
    expect(res.status, res.text).toBe(400)
    const { error } = ValidationErrorBodySchema.parse(res.json)
    expect(error.details?.fieldIssues?.email).toEqual([{ code: 'invalid_type', expected: 'string' }])
    expect(JSON.stringify(error.details?.fieldIssues)).not.toContain('42')
  })

  it('a refusal of the service’s own (not the schema’s) keeps its sentence only', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'root@example.com', PASSWORD)
    const res = await h.client.post('/api/auth/reauthenticate', { password: 'not the password' })
    expect(res.status, res.text).toBe(400)
    const { error } = ValidationErrorBodySchema.parse(res.json)
    expect(error.details?.fields).toEqual({ password: ['Password is incorrect'] })
    expect(error.details?.fieldIssues).toBeUndefined()
  })

  // Decision 064: a rule only a sentence states (a refinement, a pattern, a service's own refusal)
  // names its message key, so a client can word it too; the sentence stays as it was.
  it('a refinement, a pattern and a service’s own refusal name their rule by key', async () => {
    const h = await platformOwner()
    const reserved = await h.client.post('/api/admin/site/pages', { slug: 'admin', title: 'A', body: 'x' })
    expect(reserved.status, reserved.text).toBe(400)
    const r = ValidationErrorBodySchema.parse(reserved.json).error.details!
    expect(r.fields.slug).toEqual(['This path belongs to the console; choose another slug'])
    expect(r.fieldIssues?.slug).toEqual([{ code: 'custom', key: 'site_slug_reserved' }])

    const pattern = await h.client.post('/api/admin/site/pages', { slug: '-Bad-', title: 'A', body: 'x' })
    expect(pattern.status, pattern.text).toBe(400)
    const p = ValidationErrorBodySchema.parse(pattern.json).error.details!
    expect(p.fields.slug?.[0]).toBe('Use 1–64 lower-case letters, digits and dashes (not at either end)')
    expect(p.fieldIssues?.slug?.[0]).toEqual({ code: 'invalid_format', format: 'regex', key: 'site_slug_pattern' })

    expect((await h.client.post('/api/admin/site/pages', { slug: 'about', title: 'About', body: 'x' })).status).toBe(201)
    const taken = await h.client.post('/api/admin/site/pages', { slug: 'about', title: 'Again', body: 'x' })
    expect(taken.status, taken.text).toBe(400)
    const t = ValidationErrorBodySchema.parse(taken.json).error.details!
    expect(t.fields).toEqual({ slug: ['Another page already uses this slug'] })
    expect(t.fieldIssues).toEqual({ slug: [{ code: 'custom', key: 'site_slug_taken' }] })

    const backwards = await h.client.post('/api/admin/broadcasts', {
      title: 'Backwards',
      body: 'x',
      segment: 'all',
      startsAt: '2099-02-01T10:00:00.000Z',
      endsAt: '2099-01-01T10:00:00.000Z',
    })
    expect(backwards.status, backwards.text).toBe(400)
    const b = ValidationErrorBodySchema.parse(backwards.json).error.details!
    expect(b.fields.endsAt).toEqual(['The end must come after the start'])
    expect(b.fieldIssues?.endsAt).toEqual([{ code: 'custom', key: 'broadcast_end_after_start' }])
    // Every key the server sends is one the contract lists (a client's catalog is held to that list).
    for (const d of [r, p, t, b])
      for (const issues of Object.values(d.fieldIssues ?? {}))
        for (const issue of issues) if (issue.key) expect(FIELD_RULE_KEYS).toContain(issue.key)
  })

  // A record's key (a price book's model name) that a keyed pattern refuses: zod's sentence for it
  // stays zod's "Invalid key in record", and the issue names the rule the pattern states.
  it('a price book names the rule its model names and its size break, next to unchanged sentences', async () => {
    const h = await platformOwner()
    const price = { inputMicrosPerMTok: 1, outputMicrosPerMTok: 2 }
    const before = ((await h.client.get('/api/admin/price-books')).json.items as unknown[]).length
    const badName = await h.client.post('/api/admin/price-books', { models: { 'gpt-4o': price, 'not a name!': price } })
    expect(badName.status, badName.text).toBe(400)
    const n = ValidationErrorBodySchema.parse(badName.json).error.details!
    expect(n.fields).toEqual({ 'models.not a name!': ['Invalid key in record'] })
    expect(n.fieldIssues).toEqual({ 'models.not a name!': [{ code: 'invalid_key', key: 'price_book_model_name_pattern' }] })

    const empty = await h.client.post('/api/admin/price-books', { models: {} })
    expect(empty.status, empty.text).toBe(400)
    const e = ValidationErrorBodySchema.parse(empty.json).error.details!
    expect(e.fields).toEqual({ models: ['Price at least one model'] })
    expect(e.fieldIssues).toEqual({ models: [{ code: 'custom', key: 'price_book_at_least_one' }] })
    for (const d of [n, e])
      for (const issues of Object.values(d.fieldIssues ?? {}))
        for (const issue of issues) if (issue.key) expect(FIELD_RULE_KEYS).toContain(issue.key)
    // Nothing was published.
    expect((await h.client.get('/api/admin/price-books')).json.items).toHaveLength(before)
  })
})
