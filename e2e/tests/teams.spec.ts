import { expect, test } from '@playwright/test'

// Issue 14: an owner invites a second account by email; that person opens the link, accepts, and
// sees the exocorp under "Shared with you", read-only; removed in the browser, they lose access on the very next request.

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
  const shared = friend.getByRole('list', { name: 'Shared with you' })
  await expect(shared).toContainText(name)

  // A member reads the exocorp but cannot act on it; leaving is theirs to do.
  await shared.getByRole('link', { name }).click()
  await expect(friend.getByRole('button', { name: 'Leave exocorp' })).toBeVisible()
  await expect(friend.getByRole('region', { name: 'Actions' })).toHaveCount(0)

  // Removed by the owner from the Members tab: the invitee's very next request is refused like an unknown id.
  await page.reload()
  await page.getByRole('button', { name: `Remove ${inviteeEmail}` }).click()
  const confirm = page.getByRole('dialog', { name: 'Remove Friend?' })
  await confirm.getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByRole('button', { name: `Remove ${inviteeEmail}` })).toHaveCount(0)
  expect((await friend.request.get(`/api/registry/companies/${companyId}`)).status()).toBe(404)
  await other.close()
  expect(errors).toEqual([])
})
