/**
 * An exocorp's sections, in order (seed 004): the tabs of its page and, in its context, the
 * sidebar — one list, so a new section shows up in both. Members read status and activity; the
 * rest is the owner's.
 */
export const COMPANY_SECTIONS = [
  { tab: undefined, label: 'Overview' },
  { tab: 'agents', label: 'Agents' },
  { tab: 'activity', label: 'Activity' },
  { tab: 'store', label: 'Store' },
  { tab: 'members', label: 'Members' },
  { tab: 'manifest', label: 'Manifest' },
  { tab: 'logs', label: 'Logs' },
  { tab: 'runners', label: 'Runners' },
  { tab: 'wallets', label: 'Wallets' },
  { tab: 'domains', label: 'Domains' },
] as const

export const OWNER_SECTIONS: ReadonlySet<string | undefined> = new Set([
  'manifest',
  'members',
  'logs',
  'runners',
  'wallets',
  'domains',
])

/** The sections a person sees: all of them for the owner, the shared ones for a member. */
export function sectionsFor(isOwner: boolean) {
  return COMPANY_SECTIONS.filter((s) => isOwner || !OWNER_SECTIONS.has(s.tab))
}
