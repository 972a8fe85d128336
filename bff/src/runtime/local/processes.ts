import { execFile, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { companyArg, RUNTIME_FLAG } from '../reference-runtime/protocol'

const execFileAsync = promisify(execFile)
const hasProcfs = existsSync('/proc/self/cmdline')

/** True while `pid` names a process that has not finished (a zombie counts as finished). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (hasProcfs) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    } catch {
      return false
    }
  }
  return true
}

async function commandLine(pid: number): Promise<string[] | null> {
  if (hasProcfs) {
    try {
      return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean)
    } catch {
      return null
    }
  }
  // macOS and the BSDs have no /proc; `ps` prints the command line joined by spaces.
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)])
    return stdout.trim().split(/\s+/)
  } catch {
    return null
  }
}

/**
 * Whether `pid` is the reference runtime of `companyId` started from `runtimeDir`, judged by its
 * command line. A pid from the database may have been reused by an unrelated process since; we
 * never signal anything that does not pass this check.
 */
export async function isOurRuntime(pid: number, companyId: string, runtimeDir: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false
  const args = await commandLine(pid)
  if (!args) return false
  return args.includes(RUNTIME_FLAG) && args.includes(companyArg(companyId)) && args.includes(runtimeDirArg(runtimeDir))
}

export const runtimeDirArg = (dir: string) => `--runtime-dir=${dir}`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

async function waitGone(pid: number, child: ChildProcess | null, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  const exited = () => (child ? child.exitCode !== null || child.signalCode !== null : !pidAlive(pid))
  while (!exited()) {
    if (Date.now() >= deadline) return false
    await sleep(25)
  }
  return true
}

/**
 * SIGTERM, then SIGKILL after `graceMs`. With our own child we wait for its exit event; an adopted
 * process (started by an earlier BFF) is watched through its pid.
 */
export async function terminate(pid: number, child: ChildProcess | null, graceMs: number): Promise<void> {
  if (await waitGone(pid, child, 0)) return
  signal(pid, 'SIGTERM')
  // A stopped (SIGSTOP) process would hold the SIGTERM until continued.
  signal(pid, 'SIGCONT')
  if (await waitGone(pid, child, graceMs)) return
  signal(pid, 'SIGKILL')
  if (!(await waitGone(pid, child, 5_000))) throw new Error(`process ${pid} did not exit after SIGKILL`)
}
