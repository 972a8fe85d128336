import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import type { Provider, ReleaseChannel } from '@exocorp/shared/companies'

export const STEPS = ['Name', 'Address', 'Channel', 'Providers', 'Review'] as const

export interface OnboardingState {
  step: number
  name: string
  slug: string
  /** Once a person edits the slug it stops following the name. */
  slugEdited: boolean
  channel: ReleaseChannel
  picks: Partial<Record<Provider, string>>
  /** Set once the draft exists on the server; the wizard then offers to provision it. */
  createdId: string | null
  set: (patch: Partial<Omit<OnboardingState, 'set' | 'reset'>>) => void
  reset: () => void
}

const initial = {
  step: 0,
  name: '',
  slug: '',
  slugEdited: false,
  channel: 'stable' as ReleaseChannel,
  picks: {},
  createdId: null,
}

/** Client state only: leaving midway and coming back resumes where the person left off. */
export const useOnboardingStore = create<OnboardingState>()(
  persist(
    (set) => ({
      ...initial,
      set: (patch) => set(patch),
      reset: () => set(initial),
    }),
    { name: 'exocorp.onboarding', storage: createJSONStorage(() => localStorage), version: 1 },
  ),
)

/** A DNS-safe slug suggestion from a name: lowercase, ASCII, inner hyphens only. */
export function slugify(name: string) {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
}
