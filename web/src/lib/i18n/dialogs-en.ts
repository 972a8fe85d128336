/**
 * The English of the copy buttons and the step-up dialog (`copy.*`, `stepUp.*`, decision 050). Only
 * lazy chunks draw them, so their words travel with those chunks (`addEnglish` when they load), not
 * with the owner's first route; the admin catalog (`en.ts`) spreads them in with the other shared pieces.
 */
export const copyEn = {
  copy: 'Copy',
  copied: 'Copied',
  failed: 'Copy failed',
  /** The accessible name when a screen has several copy buttons: "Copy slug", "Copied slug". */
  copyWhat: 'Copy {{what}}',
  copiedWhat: 'Copied {{what}}',
  failedWhat: 'Copy failed {{what}}',
}

export const stepUpEn = {
  title: 'Confirm your password',
  description:
    "{{action}} changes someone else's data. Enter your password again to continue; it stays confirmed for 10 minutes.",
  password: 'Password',
  cancel: 'Cancel',
  confirm: 'Confirm and continue',
}
