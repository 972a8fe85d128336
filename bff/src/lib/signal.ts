/** A wake-up bell: whoever rings does not know who listens (the engine rings, the job worker listens). */
export interface Signal {
  notify(): void
  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

export function createSignal(): Signal {
  const listeners = new Set<() => void>()
  return {
    notify() {
      for (const listener of listeners) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
