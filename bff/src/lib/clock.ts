/** Injectable time source so expiry, leases and billing can be tested without waiting. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private t: number
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.t = new Date(start).getTime()
  }
  now() {
    return new Date(this.t)
  }
  advance(ms: number) {
    this.t += ms
  }
  set(at: Date | string) {
    this.t = new Date(at).getTime()
  }
}
