import { expect, test } from '@playwright/test'

test('sign up, save the kit, sign out, sign in, see the shell', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (msg) => {
    // 401s from /api/auth/me and the wrong-password attempt are expected answers, not faults.
    if (msg.type() === 'error' && !msg.text().includes('status of 401')) errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(err.message))

  await page.goto('/')
  await expect(page).toHaveURL(/\/sign-in/)
  await page.getByRole('link', { name: 'Create an account' }).click()

  await page.getByLabel('Name').fill('Eve Example')
  await page.getByLabel('Email').fill('eve@example.com')
  await page.getByLabel('Password').fill('a long enough passphrase')
  await page.getByRole('button', { name: 'Create account' }).click()

  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
  await expect(codes).toHaveCount(10)
  const firstCode = (await codes.first().innerText()).trim()
  await page.getByLabel('I have saved these codes somewhere safe').check()
  await page.getByRole('button', { name: 'Continue to the console' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  // The first account on an empty platform is its owner, so the admin context is offered.
  await page.getByRole('button', { name: 'Switch context' }).click()
  await expect(page.getByRole('menuitem', { name: 'Platform administration' })).toBeVisible()
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: /Account menu/ }).click()
  await page.getByRole('menuitem', { name: 'Log out' }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()

  // A protected page after sign-out goes to sign-in, and back there after signing in.
  await page.goto('/account/profile')
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount%2Fprofile/)
  await page.getByLabel('Email').fill('eve@example.com')
  await page.getByLabel('Password').fill('wrong password!')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect')

  await page.getByRole('button', { name: 'Lost your password? Use a recovery code' }).click()
  await page.getByLabel('Recovery code').fill(firstCode)
  await page.getByRole('button', { name: 'Sign in' }).click()
  // Signed in with a recovery code: a new password comes first (issue 14), then the profile. It is
  // set back to the one the other specs sign in with.
  const gate = page.getByRole('region', { name: 'Set a new password' })
  // Told how many codes remain (ten in the kit, one just used).
  await expect(gate.getByRole('status')).toHaveText('You have 9 recovery codes left.')
  await gate.getByLabel('New password', { exact: true }).fill('a long enough passphrase')
  await gate.getByLabel('New password again').fill('a long enough passphrase')
  await gate.getByRole('button', { name: 'Set new password' }).click()
  await expect(gate).toBeHidden()
  await page.goto('/account/profile')
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue('eve@example.com')
  await expect(page.getByText('Platform owner')).toBeVisible()
  await page.screenshot({ path: 'artifacts/shell.png', fullPage: true })

  // The new password is the one that signs in from now on.
  await page.getByRole('button', { name: /Account menu/ }).click()
  await page.getByRole('menuitem', { name: 'Log out' }).click()
  await page.getByLabel('Email').fill('eve@example.com')
  await page.getByLabel('Password').fill('a long enough passphrase')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

  // The app runs under the CSP: nothing was blocked or thrown along the way.
  expect(errors).toEqual([])
})
