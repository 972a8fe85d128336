import type { bulkEn } from './bulk-en'

/**
 * The words of the shared pieces every screen borrows (pager, copy buttons, toasts, the step-up
 * dialog, loading and not-found states, lifecycle labels, what a failed request
 * says), in English (decision 050, amendment of 2026-11-30). This module ships with the owner's first
 * route, so it holds plain strings and nothing else: the admin catalog (`en.ts`) spreads it in, so
 * the keys and their English are one source, and every other language translates them with the rest
 * of the admin catalog (lazily). See `common-text.tsx` for how a shared piece reads them.
 */
export const commonEn = {
  status: {
    draft: 'Draft',
    provisioning: 'Provisioning',
    starting: 'Starting',
    running: 'Running',
    paused: 'Paused',
    stopped: 'Stopped',
    failed: 'Failed',
    destroyed: 'Destroyed',
  },
  action: {
    provision: 'Provision',
    update: 'Update',
    restart: 'Restart',
    pause: 'Pause',
    resume: 'Resume',
    stop: 'Stop',
    reprovision: 'Reprovision',
    rollback: 'Roll back',
    destroy: 'Destroy',
  },
  pager: {
    label: 'Pages',
    previous: 'Previous page',
    page: 'Page {{page}}',
    next: 'Next page',
  },
  copy: {
    copy: 'Copy',
    copied: 'Copied',
    failed: 'Copy failed',
    /** The accessible name when a screen has several copy buttons: "Copy slug", "Copied slug". */
    copyWhat: 'Copy {{what}}',
    copiedWhat: 'Copied {{what}}',
    failedWhat: 'Copy failed {{what}}',
  },
  toast: {
    undo: 'Undo',
    close: 'Close toast',
    region: 'Notifications',
  },
  states: {
    loading: 'Loading',
    notFoundTitle: 'Page not found',
    notFound: 'There is nothing at this address. It may have moved, or the link may be mistyped.',
    backToDashboard: 'Back to your dashboard',
    requestId: '(request {{id}})',
    chartFailed: 'The chart could not load; the table below has the same figures.',
  },
  /** What the client itself says when there is no answer from the server to show. */
  network: {
    badAnswer: 'The server sent an answer this app does not understand.',
    offline: 'You are offline, so nothing was sent. Try again once you are back online.',
    unreachable: 'Could not reach the server. Check your connection and try again.',
    answered: 'The server answered {{status}}',
  },
  stepUp: {
    title: 'Confirm your password',
    description:
      "{{action}} changes someone else's data. Enter your password again to continue; it stays confirmed for 10 minutes.",
    password: 'Password',
    cancel: 'Cancel',
    confirm: 'Confirm and continue',
  },
}

/** With the parts lazy shared pieces bring along (`bulk-en.ts`), as the admin catalog has them. */
export type CommonCatalog = typeof commonEn & { bulk: typeof bulkEn }
