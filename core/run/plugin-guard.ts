// What a plugin's code cannot do to the run from inside the process: end it (`process.exit`) or crash it
// (an exception thrown in a callback, a rejection nobody handled). Each plugin call runs in an async
// context naming it, which Node keeps through timers, promises and I/O callbacks, so an error escaping
// the call, even minutes later, is that plugin's: the call fails with the error (redacted by the runner
// boundary) and the run goes on. What no in-process guard can stop (a synchronous busy loop,
// `process.abort()`) is the supervising parent's (core/cli/supervisor.ts).
import { AsyncLocalStorage } from 'node:async_hooks'
import { errorMessage, PerfgateError } from '../model/errors.js'
import { sanitizeTerminal } from '../security/sanitize.js'
import { tellSupervisor } from './supervision.js'

interface GuardedCall {
  plugin: string
  /** Fails the call with `error`; false once the call has ended (its result is already taken). */
  fail(error: PerfgateError): boolean
}

const calls = new AsyncLocalStorage<GuardedCall>()
const realExit = process.exit.bind(process)
let installed = false

/** Ends perfgate itself, past the guard: perfgate's own exits (a third Ctrl-C). */
export function exitNow(code: number): never {
  return realExit(code)
}

/**
 * Runs `fn` (a plugin's collect or units) as `plugin`'s code: from now on until the process ends, a
 * `process.exit` or an escaping error of that code calls `fail`, or is reported once the call is over.
 */
export function runAsPlugin<T>(plugin: string, fail: GuardedCall['fail'], fn: () => T): T {
  install()
  return calls.run({ plugin, fail }, fn)
}

/**
 * A plugin call outside executePlugin (its `units()`): guarded as above, and ended after `timeoutMs`
 * whether or not it settles, so a promise that never does cannot hold the run.
 */
export async function guardedCall<T>(
  plugin: string,
  timeoutMs: number,
  what: string,
  fn: () => T | Promise<T>,
): Promise<T> {
  let ended = false
  let stop: (error: PerfgateError) => void = () => {}
  const stopped = new Promise<never>((_, reject) => {
    stop = reject
  })
  const timer = setTimeout(
    () =>
      stop(
        new PerfgateError('PLUGIN_TIMEOUT', `${plugin} timed out ${what} after ${timeoutMs} ms.`, {
          hint: 'Raise `timeout` in the config (ms), or the plugin’s own timeout option.',
        }),
      ),
    timeoutMs,
  )
  const fail = (error: PerfgateError) => {
    if (ended) return false
    stop(error)
    return true
  }
  tellSupervisor({ perfgate: 'start', plugin, timeoutMs })
  try {
    return await Promise.race([runAsPlugin(plugin, fail, async () => fn()), stopped])
  } finally {
    ended = true
    clearTimeout(timer)
    tellSupervisor({ perfgate: 'end', plugin })
  }
}

function install(): void {
  if (installed) return
  installed = true
  process.exit = ((code?: number | string | null) => {
    const call = calls.getStore()
    if (!call) return realExit(code as number)
    const error = new PerfgateError(
      'PLUGIN_FAILED',
      `it called process.exit(${code === undefined ? '' : String(code)}): a plugin cannot end the run.`,
      { hint: 'Return { error } from collect() or throw instead; report it to the plugin’s author.' },
    )
    call.fail(error)
    // Unwinds the plugin's own code; thrown in a callback, it comes back through uncaughtException.
    throw error
  }) as typeof process.exit
  process.on('uncaughtException', (error) => escaped(error, 'an exception thrown in a callback'))
  process.on('unhandledRejection', (reason) => escaped(reason, 'a promise rejection nobody handled'))
}

function escaped(error: unknown, how: string): void {
  const call = calls.getStore()
  if (!call) crash(error)
  if (
    error instanceof PerfgateError &&
    error.code === 'PLUGIN_FAILED' &&
    /process\.exit/.test(error.message)
  ) {
    call.fail(error)
    return
  }
  const failure = new PerfgateError(
    'PLUGIN_FAILED',
    `it failed outside its collect(), with ${how}: ${errorMessage(error)}`,
    {
      hint: 'Await every promise the plugin starts, or catch its errors; report it to the plugin’s author.',
      cause: error,
    },
  )
  if (!call.fail(failure)) warn(`${call.plugin}: ${failure.message} (after its call had ended; ignored)`)
}

/** perfgate's own uncaught error: what Node would do (print, exit 3), with every secret removed. */
function crash(error: unknown): never {
  const debug = process.argv.includes('--debug')
  const text = debug && error instanceof Error && error.stack ? error.stack : errorMessage(error)
  warn(`perfgate stopped on an internal error: ${text}\nPlease report it with --debug output.`)
  return realExit(3)
}

function warn(text: string): void {
  // sanitizeTerminal redacts first: no secret reaches stderr on this path either.
  process.stderr.write(`${sanitizeTerminal(text, { multiline: true })}\n`)
}
