import type { DeviceSession } from '@exocorp/shared/account'
import type { SessionRow } from './sessions'

/**
 * Browser and OS names from a User-Agent, for people to recognise their devices (not for any
 * decision). Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
 */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/FxiOS\/(\d+)/, 'Firefox'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
  [/^curl\/(\d+)/, 'curl'],
]

const SYSTEMS: ReadonlyArray<[RegExp, string | ((m: RegExpMatchArray) => string)]> = [
  [/Windows NT 10/, 'Windows'],
  [/Windows NT (\d+\.\d+)/, 'Windows'],
  [/iPhone OS (\d+)/, (m) => `iOS ${m[1]}`],
  [/iPad.*OS (\d+)/, (m) => `iPadOS ${m[1]}`],
  [/Android (\d+)/, (m) => `Android ${m[1]}`],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X (\d+)[_.](\d+)/, 'macOS'],
  [/Linux/, 'Linux'],
]

export function describeUserAgent(ua: string | null): { browser: string; os: string } {
  if (!ua) return { browser: 'Unknown browser', os: 'Unknown system' }
  let browser = 'Unknown browser'
  for (const [re, name] of BROWSERS) {
    const m = ua.match(re)
    if (m) {
      browser = m[1] ? `${name} ${m[1]}` : name
      break
    }
  }
  let os = 'Unknown system'
  for (const [re, name] of SYSTEMS) {
    const m = ua.match(re)
    if (m) {
      os = typeof name === 'string' ? name : name(m)
      break
    }
  }
  return { browser, os }
}

export function toDeviceSession(row: SessionRow, currentSessionId: string | null): DeviceSession {
  return {
    id: row.id,
    ...describeUserAgent(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    current: row.id === currentSessionId,
  }
}
