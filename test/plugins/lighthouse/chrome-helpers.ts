import { accessSync, constants, readdirSync, readFileSync } from 'node:fs'
import { isPerfgateError, type PerfgateError } from '../../../core/model/errors.js'

/** Fails (never skips) when no Chromium is available: these tests need a real browser. */
export function requireChrome(): string {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium'
  try {
    accessSync(path, constants.X_OK)
  } catch {
    throw new Error(
      `These tests need a real Chromium at ${path}: run \`apt-get install -y chromium\` or set CHROME_PATH.`,
    )
  }
  return path
}

/** The Chrome profile folders the plugin logged (`… profile <dir>`), in order. */
export function profilesFrom(lines: string[]): string[] {
  return lines.flatMap((line) => {
    const match = / profile (\S+)$/.exec(line)
    return match ? [match[1]] : []
  })
}

/** PIDs of live processes whose command line mentions `text` (e.g. a Chrome profile folder). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const zombie = stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z'
      if (!zombie && cmdline.includes(text)) pids.push(Number(entry))
    } catch {
      // exited while scanning
    }
  }
  return pids
}

/** The PerfgateError a promise rejects with; anything else (or no rejection) fails the test. */
export async function caught(promise: unknown): Promise<PerfgateError> {
  try {
    await promise
  } catch (error) {
    if (isPerfgateError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}
