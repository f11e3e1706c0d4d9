import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { OutputFile } from './output-file.js'

/** How a process ended: its exit code or signal, or the error that kept it from starting. */
export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error
}

/** A command running as the leader of its own process group; everything it starts dies with it. */
export interface ProcessGroup {
  readonly child: ChildProcess
  /** Resolves once the leader has exited or failed to start; never rejects. */
  readonly exited: Promise<Exit>
  /** The last non-empty lines printed on stdout and stderr (when they are piped or go to a file). */
  lastLines(count?: number): string
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader is gone. Safe to call twice. */
  stop(graceMs?: number): Promise<void>
}

export interface ProcessGroupOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Default `['ignore', 'pipe', 'pipe']`: output is kept for error messages. */
  stdio?: SpawnOptions['stdio']
  /**
   * `file`: stdout and stderr go to a temp file (its tail kept, as with pipes) instead of pipes, so a
   * chatty child never waits on this process reading them: for servers under load. Overrides `stdio`.
   */
  output?: 'pipe' | 'file'
  /** Aborting stops the group. */
  signal?: AbortSignal
  /** The plugin context's `track`, so the runner ends the group too. */
  track?: (child: ChildProcess) => void
}

/**
 * Starts a command (a shell command line, or an argv array run without a shell) in its own process
 * group. The group is stopped when `signal` aborts, when `stop()` is called, and — with SIGKILL,
 * synchronously — when this Node process exits, even through `process.exit()`.
 */
export function startProcessGroup(
  command: string | string[],
  options: ProcessGroupOptions = {},
): ProcessGroup {
  const file = options.output === 'file' ? new OutputFile() : null
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: file ? ['ignore', file.fd, file.fd] : (options.stdio ?? ['ignore', 'pipe', 'pipe']),
    detached: process.platform !== 'win32',
  }
  let child: ChildProcess
  try {
    child =
      typeof command === 'string'
        ? spawn(command, { ...spawnOptions, shell: true })
        : spawn(command[0], command.slice(1), spawnOptions)
  } catch (error) {
    file?.close()
    throw error
  }
  options.track?.(child)
  const lastLines = file
    ? (count?: number) => lastLinesOf(file.tail(), count)
    : captureOutput(child).lastLines
  const done = exited(child)
  const forget = onProcessExit(() => {
    signalGroup(child, 'SIGKILL')
    file?.close()
  })
  if (file) void done.then(() => file.close())
  // The leader gone and nobody left in its group: the group id may be reused, so stop watching it.
  void done.then(() => {
    if (!groupAlive(child)) forget()
  })
  let stopping: Promise<void> | null = null
  const stop = (graceMs?: number) => {
    stopping ??= killGroup(child, graceMs).finally(forget)
    return stopping
  }
  const onAbort = () => void stop()
  if (options.signal?.aborted) onAbort()
  else options.signal?.addEventListener('abort', onAbort, { once: true })
  void done.then(() => options.signal?.removeEventListener('abort', onAbort))
  return { child, exited: done, lastLines, stop }
}

const KEEP_CHARS = 16 * 1024

/** Keeps the tail of a child's stdout and stderr, for error messages. */
export function captureOutput(child: ChildProcess): { lastLines: (count?: number) => string } {
  let text = ''
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    if (text.length > KEEP_CHARS * 2) text = text.slice(-KEEP_CHARS)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return { lastLines: (count) => lastLinesOf(text, count) }
}

function lastLinesOf(text: string, count = 15): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0)
    .slice(-count)
    .join('\n')
}

/** Resolves with the exit code (or signal) once the child has exited, or with the error it failed to start with. */
export function exited(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    // A command that cannot be spawned emits `error` and never `exit`.
    child.once('error', (error) => {
      if (!child.pid) resolve({ code: null, signal: null, error })
    })
  })
}

/** `exited with code 7`, `was killed by SIGTERM`, `could not be started: spawn x ENOENT`. */
export function describeExit(exit: Exit): string {
  if (exit.error) return `could not be started: ${exit.error.message}`
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves when the child is gone. */
export async function killGroup(child: ChildProcess, graceMs = 2000): Promise<void> {
  // Never spawned (e.g. ENOENT): nothing to end, and no exit event will come.
  if (!child.pid) return
  if (child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone but processes it left in the group may not be.
    signalGroup(child, 'SIGKILL')
    return
  }
  const gone = exited(child)
  signalGroup(child, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
  await gone
  clearTimeout(timer)
  signalGroup(child, 'SIGKILL')
}

/** Sends `signal` to the child's whole process group (or the child alone when it has none). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      // already gone
    }
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (!child.pid || process.platform === 'win32') return false
  try {
    process.kill(-child.pid, 0)
    return true
  } catch {
    return false
  }
}

const exitCleanups = new Set<() => void>()
let exitHookInstalled = false

/**
 * Runs `cleanup` synchronously when this process exits (normally or through `process.exit()`, e.g. a
 * second Ctrl-C), so nothing outlives perfgate when async cleanup gets no chance. Returns a function
 * that unregisters it. Cleanups must be synchronous and must not throw.
 */
export function onProcessExit(cleanup: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const run of [...exitCleanups]) {
        try {
          run()
        } catch {
          // best effort: the process is leaving
        }
      }
      exitCleanups.clear()
    })
  }
  exitCleanups.add(cleanup)
  return () => {
    exitCleanups.delete(cleanup)
  }
}
