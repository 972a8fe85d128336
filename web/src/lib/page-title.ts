import { useEffect } from 'react'
import { create } from 'zustand'

/** The top bar shows the page title (seed 004: pages have no headers of their own). */
export const usePageTitleStore = create<{ title: string; set: (title: string) => void }>()((set) => ({
  title: '',
  set: (title) => set({ title }),
}))

export function usePageTitle(title: string) {
  const setTitle = usePageTitleStore((s) => s.set)
  useEffect(() => {
    setTitle(title)
    document.title = title ? `${title} · Exocorp` : 'Exocorp'
  }, [title, setTitle])
}
