/**
 * The bulk action bar's English (`bulk.*`, decision 050). The bar is a lazy chunk of its own, so its
 * words travel with it rather than with the owner's first route: it registers them with `addEnglish`
 * when it loads, and the admin catalog (`en.ts`) spreads them in with the other shared pieces.
 */
export const bulkEn = {
  region: 'Bulk actions',
  selected_one: '{{count}} exocorp selected',
  selected_other: '{{count}} exocorps selected',
  action: 'Action',
  destructive: '{{action}} (destructive)',
  preview: 'Preview',
  clear: 'Clear selection',
  previewFailed: 'Could not preview.',
  outcome_allowed: 'Will run',
  outcome_refused: 'Refused',
  outcome_accepted: 'Started',
  outcome_succeeded: 'Done',
  outcome_failed: 'Failed',
  resultsTitle: '{{action}}: results',
  resultsSummary: '{{succeeded}} done, {{accepted}} started, {{refused}} refused, {{failed}} failed.',
  results: 'Results',
  close: 'Close',
  confirmTitle_one: '{{action}} {{count}} exocorp?',
  confirmTitle_other: '{{action}} {{count}} exocorps?',
  confirmSummary: '{{count}} will {{verb}}; {{refused}} refused. Nothing has run yet.',
  typeToConfirm: 'Type',
  toConfirm: 'to confirm',
  nothingRan: 'Nothing ran.',
  cancel: 'Cancel',
  nothingToRun: 'Nothing to run',
  run_one: '{{action}} {{count}} exocorp',
  run_other: '{{action}} {{count}} exocorps',
  stepUpAction: "{{action}} on several tenants' exocorps",
}
