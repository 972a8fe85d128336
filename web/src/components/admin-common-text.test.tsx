import { render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '@/lib/api-client'
import { adminI18n } from '@/lib/i18n/admin-i18n'
import { useCommonText } from '@/lib/i18n/common-text'
import { useLocaleStore } from '@/lib/locale'
import { AdminCommonText } from './admin-common-text'

// Field paths in a 400 are the server's: a path named `__proto__` must stay a field of its own and
// never become the prototype of the object the screen reads its field errors from.

// JSON.parse makes `__proto__` an own key, as a response body carries it (an object literal would not).
const issue = '{"code":"too_small","origin":"string","minimum":3,"inclusive":true}'
const details = JSON.parse(
  `{"fields":{"__proto__":["At least 3 characters"],"title":["At least 3 characters"]},` +
    `"fieldIssues":{"__proto__":[${issue}],"title":[${issue}]}}`,
) as Record<string, unknown>
const error = new ApiError(400, 'validation_failed', 'Some fields are invalid', details)

/** Each field and its sentences, as a screen lists them. */
function Probe() {
  const fields = useCommonText().fields(error)
  return (
    <ul>
      {Object.entries(fields).map(([path, messages]) => (
        <li key={path}>{`${path}: ${messages.join(' / ')}`}</li>
      ))}
    </ul>
  )
}

afterEach(async () => {
  useLocaleStore.setState({ locale: 'en' })
  await waitFor(() => expect(adminI18n.language).toBe('en'))
})

describe('AdminCommonText field errors', () => {
  it('keeps a `__proto__` path as a field of its own, in English and in German', async () => {
    expect(Object.hasOwn(details.fields as object, '__proto__')).toBe(true)
    render(
      <AdminCommonText>
        <Probe />
      </AdminCommonText>,
    )
    const items = () => screen.getAllByRole('listitem').map((item) => item.textContent)
    expect(items()).toEqual(['__proto__: At least 3 characters', 'title: At least 3 characters'])

    useLocaleStore.setState({ locale: 'de' })
    await screen.findByText('title: Mindestens 3 Zeichen')
    expect(items()).toEqual(['__proto__: Mindestens 3 Zeichen', 'title: Mindestens 3 Zeichen'])
  })
})
