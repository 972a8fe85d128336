import { expect, test } from '@playwright/test'

// Issue 14: an owner invites a second account by email; that person opens the link, accepts, and
// sees the exocorp under "Shared with you"; removed, they lose access on the very next request.

const PASSWORD = 'a long enough passphrase'

test('an owner invites a second account, which accepts from the link and sees the exocorp shared with it', async ({
  page,
  browser,
  baseURL,
}) => {
  const origin = baseURL!
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  const stamp = Date.now().toString(36)
  const ownerEmail = `team-owner-${stamp}@example.com`
  const inviteeEmail = `team-friend-${stamp}@example.com`
  const name = `Team Co ${stamp}`

  // The owner (API sign-up sets the session cookie in this page's context) and a draft exocorp.
  expect(
    (
      await page.request.post('/api/auth/signup', {
        data: { email: ownerEmail, name: 'Team Owner', password: PASSWORD },
        headers: { origin },
      })
    ).status(),
  ).toBe(201)
  const created = await page.request.post('/api/registry/companies', {
    data: { name, slug: `team-${stamp}` },
    headers: { origin },
  })
  expect(created.status(), await created.text()).toBe(201)
  const companyId = ((await created.json()) as { id: string }).id

  // The owner invites by email in the browser and gets the link to pass on.
  await page.goto(`/company/${companyId}/members`)
  const invite = page.getByRole('region', { name: 'Invite someone' })
  await invite.getByLabel('Email').fill(inviteeEmail)
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  const shown = invite.getByRole('status')
  await expect(shown).toContainText('/invite/exo_inv_')
  const link = /\/invite\/exo_inv_[\w-]+/.exec(await shown.innerText())![0]

  // The invitee, in another browser: has an account with that email, opens the link, accepts.
  const other = await browser.newContext()
  const friend = await other.newPage()
  friend.on('pageerror', (err) => errors.push(err.message))
  expect(
    (
      await friend.request.post('/api/auth/signup', {
        data: { email: inviteeEmail, name: 'Friend', password: PASSWORD },
        headers: { origin },
      })
    ).status(),
  ).toBe(201)
  await friend.goto(link)
  await friend.getByRole('button', { name: 'Accept invitation' }).click()
  await expect(friend.getByText(`You joined ${name} as a member.`)).toBeVisible()
  await friend.goto('/dashboard')
  await expect(friend.getByRole('list', { name: 'Shared with you' })).toContainText(name)

  // Removed by the owner: the invitee's very next request is refused like an unknown id.
  const members = (await (await page.request.get(`/api/registry/companies/${companyId}/members`)).json()) as {
    items: { userId: string; email: string }[]
  }
  const friendId = members.items.find((m) => m.email === inviteeEmail)!.userId
  const removed = await page.request.delete(`/api/registry/companies/${companyId}/members/${friendId}`, { headers: { origin } })
  expect(removed.status()).toBe(200)
  expect((await friend.request.get(`/api/registry/companies/${companyId}`)).status()).toBe(404)
  await other.close()
  expect(errors).toEqual([])
})
