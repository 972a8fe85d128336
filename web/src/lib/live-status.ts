import { create } from 'zustand'

/**
 * The state of this tab's event stream (decision 030), readable from anywhere: queries stop their
 * polling while it is `live` and fall back to ETag polling otherwise.
 * - `off`: no stream in this build or mode (mocked APIs, tests): polling as before, no indicator;
 * - `connecting`: the first attempt; `live`: events are arriving; `reconnecting`: lost, retrying;
 * - `offline`: given up (the session ended, or the browser is offline).
 */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting' | 'offline'

export const useLiveStatusStore = create<{ status: LiveStatus; set: (status: LiveStatus) => void }>((set) => ({
  status: 'off',
  set: (status) => set({ status }),
}))

export const liveStatus = (): LiveStatus => useLiveStatusStore.getState().status

/** A query's polling interval, or none while the stream pushes its changes. */
export function unlessLive(interval: number | false): number | false {
  return liveStatus() === 'live' ? false : interval
}
