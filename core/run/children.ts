import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'

/**
 * Every child process perfgate starts (plugin children through `ctx.track`, git) is known here, so that
 * - an interrupt reaches them: SIGTERM to each one's process group, SIGKILL after a short deadline;
 * - a second interrupt kills them at once;
 * - and, once the CLI enabled the watchdog, they die even when perfgate itself is SIGKILLed: a tiny
 *   detached process holds a pipe from perfgate; when the pipe closes without a goodbye it kills every
 *   child still registered and removes the temp folders registered with it (docs/security.md).
 */

export const KILL_GRACE_MS = 2000

interface Entry {
  child: ChildProcess
  /** The child leads its own process group (spawned `detached`): signal the group. */
  group: boolean
}

const live = new Map<number, Entry>()

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function leadsGroup(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** Registers a child until it exits. */
export function registerChild(child: ChildProcess): void {
  const pid = child.pid
  if (!pid || exited(child) || live.has(pid)) return
  installExitCleanup()
  startWatchdog()
  const entry = { child, group: leadsGroup(pid) }
  live.set(pid, entry)
  watchdogSend(`+${entry.group ? -pid : pid}`)
  child.once('exit', () => {
    live.delete(pid)
    watchdogSend(`-${entry.group ? -pid : pid}`)
  })
}

/** Children alive now (for tests and diagnostics). */
export function liveChildren(): number[] {
  return [...live.keys()]
}

/** Sends a signal to a child's process group (or the child alone when it leads none). */
export function signalChild(child: ChildProcess, name: NodeJS.Signals, group = true): void {
  if (!child.pid || exited(child)) return
  try {
    // A negative pid targets the process group: servers started `detached` take their own children along.
    if (group) process.kill(-child.pid, name)
    else child.kill(name)
  } catch {
    try {
      child.kill(name)
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL to whatever survives `graceMs`; resolves when all have exited (or were killed). */
export async function stopChildren(children: ChildProcess[], graceMs = KILL_GRACE_MS): Promise<void> {
  const alive = children.filter((child) => !exited(child))
  if (alive.length === 0) return
  for (const child of alive) signalChild(child, 'SIGTERM', groupOf(child))
  await Promise.all(
    alive.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (exited(child)) return resolve()
          const timer = setTimeout(() => {
            signalChild(child, 'SIGKILL', groupOf(child))
            resolve()
          }, graceMs)
          child.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
        }),
    ),
  )
}

function groupOf(child: ChildProcess): boolean {
  const entry = child.pid ? live.get(child.pid) : undefined
  return entry ? entry.group : true
}

/** An interrupt: every registered child gets SIGTERM now and SIGKILL after `graceMs`. */
export function terminateAllChildren(graceMs = KILL_GRACE_MS): Promise<void> {
  return stopChildren(
    [...live.values()].map((e) => e.child),
    graceMs,
  )
}

/** A second interrupt: SIGKILL to every registered child, now. */
export function killAllChildren(): void {
  for (const { child, group } of live.values()) signalChild(child, 'SIGKILL', group)
}

/** Child processes a plugin started; all of them (and their process groups) die when the plugin ends. */
export class ChildTracker {
  private readonly children = new Set<ChildProcess>()

  track(child: ChildProcess): void {
    if (exited(child)) return
    this.children.add(child)
    registerChild(child)
    child.once('exit', () => this.children.delete(child))
  }

  get size(): number {
    return this.children.size
  }

  /** SIGTERM to each child's process group (or the child), SIGKILL to survivors after a grace period. */
  async killAll(graceMs = KILL_GRACE_MS): Promise<void> {
    await stopChildren([...this.children], graceMs)
    this.children.clear()
  }
}

// ── Temp folders: removed by their owner normally, by the watchdog when perfgate is killed ──

const tempDirs = new Set<string>()

/** A temp folder to remove if perfgate dies before its owner could (call `releaseTempDir` after removing it). */
export function registerTempDir(dir: string): void {
  installExitCleanup()
  startWatchdog()
  tempDirs.add(dir)
  watchdogSend(`d${dir}`)
}

export function releaseTempDir(dir: string): void {
  tempDirs.delete(dir)
  watchdogSend(`u${dir}`)
}

/** Last resort at exit (process.exit after a third signal): remove the registered temp folders now. */
export function removeTempDirsNow(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  tempDirs.clear()
}

let exitCleanup = false

/** On any exit (including `process.exit` after a third Ctrl-C): kill what is left, remove temp folders. */
function installExitCleanup(): void {
  if (exitCleanup) return
  exitCleanup = true
  process.once('exit', () => {
    killAllChildren()
    removeTempDirsNow()
    watchdogSend('bye')
  })
}

// ── The watchdog ──

let watchdog: ChildProcess | null = null
let watchdogWanted = false

// Runs in its own process group, so a signal to perfgate's group does not take it along. It reads
// `+pid` / `-pid` (negative: a process group), `dDIR` / `uDIR`; `bye` means perfgate ended normally.
const WATCHDOG_SOURCE = `
const pids = new Set(); const dirs = new Set(); let bye = false; let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk; let i;
  while ((i = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, i); buffer = buffer.slice(i + 1);
    const op = line[0], arg = line.slice(1);
    if (op === '+') pids.add(Number(arg)); else if (op === '-') pids.delete(Number(arg));
    else if (op === 'd') dirs.add(arg); else if (op === 'u') dirs.delete(arg);
    else if (line === 'bye') bye = true;
  }
});
const kill = (sig) => { for (const p of pids) { try { process.kill(p, sig) } catch {} } };
process.stdin.on('close', () => {
  if (bye || (pids.size === 0 && dirs.size === 0)) process.exit(0);
  kill('SIGTERM');
  setTimeout(() => {
    kill('SIGKILL');
    const { rmSync } = require('node:fs');
    setTimeout(() => { for (const d of dirs) { try { rmSync(d, { recursive: true, force: true }) } catch {} } process.exit(0) }, 200);
  }, ${KILL_GRACE_MS / 2});
});
`

/**
 * Asks for the watchdog (the CLI does, at start): from the first registered child or temp folder on,
 * children die with perfgate even when it is SIGKILLed. Commands that start no child never pay for it;
 * the others pay one small Node process for the life of the command.
 */
export function enableWatchdog(): void {
  watchdogWanted = true
  if (live.size > 0 || tempDirs.size > 0) startWatchdog()
}

function startWatchdog(): void {
  if (watchdog || !watchdogWanted) return
  try {
    // The trailing arguments only name it in `ps`: the watchdog of perfgate <pid>.
    watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, 'perfgate-watchdog', String(process.pid)], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { PATH: process.env.PATH ?? '' },
    })
  } catch {
    watchdog = null
    return
  }
  watchdog.on('error', () => {
    watchdog = null
  })
  watchdog.stdin?.on('error', () => {})
  // Neither the process nor its pipe keeps perfgate alive.
  watchdog.unref()
  ;(watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  for (const [pid, entry] of live) watchdogSend(`+${entry.group ? -pid : pid}`)
  for (const dir of tempDirs) watchdogSend(`d${dir}`)
}

/** The watchdog's pid, or null when it is not running. */
export function watchdogPid(): number | null {
  return watchdog?.pid ?? null
}

function watchdogSend(line: string): void {
  const stdin = watchdog?.stdin
  if (!stdin || stdin.destroyed) return
  try {
    stdin.write(`${line}\n`)
  } catch {
    // the watchdog is gone: nothing to tell
  }
}
