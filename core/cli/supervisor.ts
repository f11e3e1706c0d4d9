// `perfgate run` under a supervising parent. The run itself is a child process; this parent loads no
// plugin and only watches. In-process guards (core/run/plugin-guard.ts) turn a plugin's process.exit,
// escaping error or timeout into that plugin's failure; what they cannot stop is code that never yields
// (a synchronous busy loop ignores its timeout, SIGINT and SIGTERM) or ends the process past them
// (`process.abort()`, `process.kill(process.pid)`). The parent knows which plugin is running and its
// timeout: when the child hangs past it, or dies without saying it is done, that plugin is marked lost
// and the run starts again without it, so the other plugins are still measured and a report is written.
// A run with no such plugin costs one extra Node start (docs/security.md).
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { EXIT } from '../compare/summary.js'
import {
  LOST_PLUGINS_ENV,
  type LostPlugin,
  SUPERVISED_ENV,
  type SupervisorMessage,
} from '../run/supervision.js'
import { sanitizeTerminal } from '../security/sanitize.js'

/**
 * After a plugin's own timeout, how long its call may take to end: its children get SIGTERM, then
 * SIGKILL after 2 s, and its browser or server is disposed.
 */
export const HANG_GRACE_MS = 10_000

interface Attempt {
  code: number
  /** Set when the attempt lost a plugin: the run goes again without it. */
  lost: LostPlugin | null
}

/** Runs `perfgate run` in a child until an attempt ends on its own; returns its exit code. */
export async function supervise(argv: string[], graceMs = HANG_GRACE_MS): Promise<number> {
  const lost: LostPlugin[] = []
  let interrupts = 0
  let child: ChildProcess | null = null
  // Ctrl-C reaches only this parent (the child leads its own process group): passed on once each, so the
  // run's own handling (partial report, then kill, then quit) sees what the user sent.
  const forward = (signal: NodeJS.Signals) => {
    interrupts++
    if (interrupts >= 3) child?.kill('SIGKILL')
    else child?.kill(signal)
  }
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  try {
    for (;;) {
      const attempt = await runAttempt(
        argv,
        lost,
        graceMs,
        (started) => {
          child = started
        },
        () => interrupts > 0,
      )
      // A plugin lost twice would loop for ever: the run never calls a lost plugin, so this is a bug.
      if (!attempt.lost || lost.some((l) => l.plugin === attempt.lost?.plugin)) return attempt.code
      lost.push(attempt.lost)
      process.stderr.write(
        `${sanitizeTerminal(`perfgate: ${attempt.lost.plugin} ${attempt.lost.reason} Measuring the other plugins again without it.`)}\n`,
      )
    }
  } finally {
    process.off('SIGINT', forward)
    process.off('SIGTERM', forward)
  }
}

function runAttempt(
  argv: string[],
  lost: LostPlugin[],
  graceMs: number,
  started: (child: ChildProcess) => void,
  interrupted: () => boolean,
): Promise<Attempt> {
  const bin = fileURLToPath(new URL('./bin.js', import.meta.url))
  const child = fork(bin, argv.slice(2), {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SUPERVISED_ENV]: '1', [LOST_PLUGINS_ENV]: JSON.stringify(lost) },
    execArgv: process.execArgv,
    detached: true,
  })
  started(child)
  let running: { plugin: string; timer: NodeJS.Timeout } | null = null
  let hung: string | null = null
  let done: number | null = null
  const stopWatching = () => {
    if (running) clearTimeout(running.timer)
    running = null
  }
  child.on('message', (message: SupervisorMessage) => {
    if (message?.perfgate === 'start') {
      stopWatching()
      const plugin = message.plugin
      const limit = message.timeoutMs + graceMs
      running = {
        plugin,
        timer: setTimeout(() => {
          hung = `did not return within its timeout (${seconds(message.timeoutMs)}) nor ${seconds(graceMs)} after it: its code kept perfgate's event loop busy (a synchronous loop?), so the run was stopped.`
          child.kill('SIGKILL')
        }, limit),
      }
    } else if (message?.perfgate === 'end') {
      if (running?.plugin === message.plugin) stopWatching()
    } else if (message?.perfgate === 'done') {
      done = message.code
    }
  })
  return new Promise<Attempt>((resolve) => {
    child.on('error', (error) => {
      stopWatching()
      process.stderr.write(`${sanitizeTerminal(`perfgate: could not start the run: ${error.message}`)}\n`)
      resolve({ code: EXIT.error, lost: null })
    })
    child.on('exit', (code, signal) => {
      const plugin = running?.plugin ?? null
      stopWatching()
      if (done !== null) return resolve({ code: done, lost: null })
      const exitCode = code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? EXIT.interrupted : EXIT.error)
      // Interrupted (a third signal kills the run: still 130), or perfgate's own exit between plugins:
      // the child's code is the run's.
      if (interrupted()) return resolve({ code: code ?? EXIT.interrupted, lost: null })
      if (!plugin) return resolve({ code: exitCode, lost: null })
      const reason =
        hung ??
        `ended perfgate itself while it ran (${signal ? `signal ${signal}` : `exit code ${code}`}), past the in-process guards (process.abort, process.kill, a native crash).`
      resolve({ code: exitCode, lost: { plugin, reason } })
    })
  })
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}
