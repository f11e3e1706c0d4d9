import { readFileSync } from 'node:fs'

/** Whether a process exists and is not a zombie (a container's PID 1 may never reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** SIGKILL is delivered asynchronously: true once the process is gone (or a zombie), within `ms`. */
export async function diesWithin(pid: number, ms = 2000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}
