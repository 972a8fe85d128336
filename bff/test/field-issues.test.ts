import { describe, expect, it } from 'vitest'
import { ValidationErrorBodySchema } from '@exocorp/shared/field-issues'
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
})
