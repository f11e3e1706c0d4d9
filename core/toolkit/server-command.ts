import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PerfgateError } from '../model/errors.js'
import type { PluginContext } from '../model/types.js'
import { describeExit, type Exit, type ProcessGroup, startProcessGroup } from './process-group.js'

export interface ServerCommandOptions {
  /** A shell command line, or an argv array run without a shell. It must listen on 127.0.0.1 at `PORT`. */
  command: string | string[]
  /** Where it runs; relative to the context's `cwd`. Default the context's `cwd`. */
  cwd?: string
  /** Added to this process's environment (PORT is set last). */
  env?: Record<string, string>
  /**
   * A path polled until it answers 2xx or 3xx (a 404 is a server that is up but not serving the app yet,
   * or the wrong path); `null` to wait on `readyPattern` alone. Default `/`.
   */
  readyPath?: string | null
  /** Ready once stdout or stderr matches it (and `readyPath`, unless null, answers). */
  readyPattern?: RegExp | null
  /** How long it may take to become ready (ms). */
  timeout: number
  /** The plugin option that sets `timeout`, named in the error's hint. Default `timeout`. */
  timeoutOption?: string
  /** The plugin option that sets `readyPath`, named in the error's hint. Default `readyPath`. */
  readyOption?: string
  /** What the command is, for error messages. Default `The server command`. */
  label?: string
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  port: number
  group: ProcessGroup
  /** Ends the server's whole process group; safe to call twice. */
  stop(): Promise<void>
}

// An A/B run starts a server every round: a shorter poll saves ~40 ms of each start on average.
const POLL_MS = 25

/**
 * Starts a server command with a free port in PORT, in its own process group (stopped on abort, on
 * `stop()` and when perfgate exits), and waits until `readyPath` answers and/or its output matches
 * `readyPattern`. An early exit or a missed deadline stops the group and throws PLUGIN_FAILED with the
 * command, its exit and its last output lines.
 */
export async function startServerCommand(
  options: ServerCommandOptions,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track'>,
): Promise<RunningServer> {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const cwd = options.cwd ? resolve(ctx.cwd, options.cwd) : ctx.cwd
  const readyPath = options.readyPath === undefined ? '/' : options.readyPath
  const readyPattern = options.readyPattern ?? null
  const group = startProcessGroup(options.command, {
    cwd,
    env: { ...process.env, ...options.env, PORT: String(port) },
    // A server that logs every request must not wait on this process reading a pipe while it is measured.
    output: 'file',
    signal: ctx.signal,
    track: ctx.track,
  })
  const server: RunningServer = { origin, port, group, stop: () => group.stop() }
  const printedReady = watchOutput(group, readyPattern)
  let exit: Exit | null = null
  void group.exited.then((result) => {
    exit = result
  })
  // e.g. "answer http://127.0.0.1:4000/ and print /ready/": for the messages below.
  const readyWhat = [
    readyPath === null ? null : `answer ${origin}${readyPath} with 2xx or 3xx`,
    readyPattern ? `print ${readyPattern}` : null,
  ]
    .filter((part) => part !== null)
    .join(' and ')

  // The last status readyPath answered with (a 404 says the path is wrong, not that the server is slow).
  let lastStatus = null as number | null
  const isReady = async (url: string) => {
    const status = await httpStatus(url, ctx.signal)
    if (status !== null) lastStatus = status
    return status !== null && status >= 200 && status < 400
  }
  const deadline = Date.now() + options.timeout
  let failure: string | null = null
  try {
    while (failure === null) {
      ctx.signal.throwIfAborted()
      if (exit)
        failure = (exit as Exit).error
          ? describeExit(exit)
          : `${describeExit(exit)} before it could ${readyWhat}`
      else if (printedReady() && (readyPath === null || (await isReady(`${origin}${readyPath}`))))
        return server
      else if (Date.now() >= deadline)
        failure = `did not ${readyWhat} within ${options.timeout} ms${lastStatus === null ? '' : ` (its last answer: HTTP ${lastStatus})`}`
      else await sleep(POLL_MS)
    }
  } catch (error) {
    await server.stop()
    throw error
  }
  await server.stop()
  const last = group.lastLines()
  const wrongPath =
    lastStatus !== null
      ? ` If ${readyPath} is not a route of the app, set ${options.readyOption ?? 'readyPath'} to one that answers 2xx (a health check such as /health).`
      : ''
  const commandText = typeof options.command === 'string' ? options.command : options.command.join(' ')
  throw new PerfgateError(
    'PLUGIN_FAILED',
    `${options.label ?? 'The server command'} \`${commandText}\` (in ${cwd}) ${failure}.${last ? `\nLast output:\n${last}` : ' It printed nothing.'}`,
    {
      hint: `The server must listen on 127.0.0.1 at the port given in the PORT environment variable; raise \`${options.timeoutOption ?? 'timeout'}\` if it starts slowly.${wrongPath}`,
    },
  )
}

/** Whether the group's output has matched `pattern` so far (always true without one); checked at each poll. */
function watchOutput(group: ProcessGroup, pattern: RegExp | null): () => boolean {
  if (pattern === null) return () => true
  // A global or sticky RegExp keeps lastIndex between tests: match with a plain copy.
  const plain = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
  let seen = false
  return () => {
    seen ||= plain.test(group.lastLines(1000))
    return seen
  }
}

/** The status `url` answers with (redirects not followed), or null when nothing answers. */
export async function httpStatus(url: string, signal: AbortSignal, timeoutMs = 1000): Promise<number | null> {
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    })
    await response.body?.cancel()
    return response.status
  } catch {
    return null
  }
}

/** A port nobody listens on right now on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', rej)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => res(port))
    })
  })
}
