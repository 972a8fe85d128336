/**
 * The English of the top bar's lazy pieces (`topbar.*`, decision 050): the feedback dialog, the
 * exocorp search behind the context switcher and the announcements region. Each is a chunk of its
 * own, so these words travel with them (`addEnglish` when they load) rather than with the owner's
 * first route; the admin catalog (`en.ts`) spreads them in with the other shared pieces.
 */
export const topbarEn = {
  feedback: 'Feedback',
  sendFeedback: 'Send feedback',
  feedbackDescription: 'Tell us what works and what does not. The page you are on and your browser are attached.',
  feedbackThanks: 'Thanks — your feedback reached the platform team.',
  close: 'Close',
  message: 'Message',
  attached: 'Attached: {{page}}',
  cancel: 'Cancel',
  findTitle: 'Find an exocorp',
  nameOrSlug: 'Name or slug',
  searching: 'Searching…',
  searchFailed: 'Could not search your exocorps: {{error}}',
  noMatch: 'No exocorp matches “{{term}}”.',
  matches: 'Matching exocorps',
  moreMatch: 'More match.',
  seeAll: 'See them all in the fleet table',
  announcements: 'Announcements',
}
