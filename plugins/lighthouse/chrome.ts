import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PluginContext } from '../../core/model/types.js'
import { CHROME_INSTALL_HINT, errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import { exited, onProcessExit } from '../../core/toolkit/process-group.js'

/** What CI needs: no sandbox (containers, root), no GPU, no network or updates beyond the page. */
export const CI_CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface RunningChrome {
  port: number
  pid: number
  /** The folder holding the profile (`profile/`) and Chrome's temp files (`tmp/`); removed by `kill()`. */
  dir: string
  userDataDir: string
  process: ChildProcess
  /** Whether the browser process is still running. */
  alive(): boolean
  /** Kills the whole process group and removes the profile; safe to call twice. */
  kill(): Promise<void>
}

export { findChrome } from '../../core/toolkit/index.js'

/**
 * Launches headless Chrome with a fresh profile in its own folder, tracked so the runner can end it too.
 * Chrome's temp files (TMPDIR: the `org.chromium.Chromium.*` singleton and shared-memory files) go in
 * that folder as well, and the folder is removed on every path: `kill()`, a failed launch, and — with
 * a synchronous SIGKILL of Chrome's process group — when perfgate exits, even through `process.exit()`
 * (a second Ctrl-C).
 */
export async function launchChrome(
  chromePath: string,
  extraFlags: string[],
  ctx: Pick<PluginContext, 'track' | 'logger'>,
): Promise<RunningChrome> {
  const chromeLauncher = await import('chrome-launcher')
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-chrome-'))
  const userDataDir = join(dir, 'profile')
  const tempDir = join(dir, 'tmp')
  mkdirSync(userDataDir)
  mkdirSync(tempDir)
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 5 })
  // chrome-launcher writes Chrome's pid into the profile before it waits for the browser to answer.
  const forget = onProcessExit(() => {
    killGroupNow(readPid(join(userDataDir, 'chrome.pid')))
    remove()
  })
  let launched: Awaited<ReturnType<typeof chromeLauncher.launch>>
  try {
    launched = await chromeLauncher.launch({
      chromePath,
      chromeFlags: [...CI_CHROME_FLAGS, ...extraFlags],
      userDataDir,
      envVars: { ...process.env, TMPDIR: tempDir },
      // The runner owns Ctrl-C: it aborts the plugin, which kills Chrome.
      handleSIGINT: false,
      logLevel: 'silent',
    })
  } catch (error) {
    killGroupNow(readPid(join(userDataDir, 'chrome.pid')))
    remove()
    forget()
    throw new PerfgateError('PLUGIN_FAILED', `Chrome (${chromePath}) did not start: ${errorMessage(error)}`, {
      cause: error,
      hint: CHROME_INSTALL_HINT,
    })
  }
  const child = launched.process
  ctx.track(child)
  ctx.logger.debug(`Chrome pid ${launched.pid} on port ${launched.port}, profile ${dir}`)
  let killed: Promise<void> | null = null
  return {
    port: launched.port,
    pid: launched.pid,
    dir,
    userDataDir,
    process: child,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: () => {
      killed ??= (async () => {
        const gone = exited(child)
        launched.kill()
        await gone
        remove()
        forget()
      })()
      return killed
    },
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** SIGKILL to Chrome's process group (chrome-launcher starts it detached), synchronously. */
function killGroupNow(pid: number | null): void {
  if (pid === null) return
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
