import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PerfgateError } from '../../core/model/errors.js'
import type { PluginContext } from '../../core/model/types.js'
import type { ResolvedHttp } from './options.js'
import { captureOutput, describeExit, exited, killGroup } from './process.js'

export interface RunningServer {
  origin: string
  port: number
  child: ChildProcess
  /** Ends the server's whole process group; safe to call twice. */
  stop(): Promise<void>
}

const POLL_MS = 100

/** What startServer needs: bench's `http` options, or a caller that waits on output instead of a URL. */
export interface ServerStart extends Omit<ResolvedHttp, 'readyPath'> {
  /** Polled until it answers; null to wait on `readyPattern` alone. */
  readyPath: string | null
  /** Ready once the server's stdout or stderr matches it (and `readyPath`, when given, answers). */
  readyPattern?: RegExp | null
  /** The caller's option for `readyTimeout`, named in the hint. Default `http.readyTimeout` (bench). */
  timeoutOption?: string
}

/**
 * Starts the server command with a free port in PORT, in its own process group, and waits until
 * `readyPath` answers and/or its output matches `readyPattern`. An early exit or a missed deadline stops the group and throws with the command,
 * its exit and its last output lines.
 */
export async function startServer(
  http: ServerStart,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track'>,
): Promise<RunningServer> {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const cwd = http.cwd ? resolve(ctx.cwd, http.cwd) : ctx.cwd
  const env = { ...process.env, ...http.env, PORT: String(port) }
  const options: SpawnOptions = { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }
  const child: ChildProcess =
    typeof http.command === 'string'
      ? spawn(http.command, { ...options, shell: true })
      : spawn(http.command[0], http.command.slice(1), options)
  const state: { exit: { code: number | null; signal: NodeJS.Signals | null } | null; error: Error | null } =
    {
      exit: null,
      error: null,
    }
  child.once('error', (error) => {
    state.error = error
  })
  ctx.track(child)
  const output = captureOutput(child)
  const printedReady = watchOutput(child, http.readyPattern ?? null)
  // e.g. "answer http://127.0.0.1:4000/ and print /ready/": for the messages below.
  const readyWhat = [
    http.readyPath === null ? null : `answer ${origin}${http.readyPath}`,
    http.readyPattern ? `print ${http.readyPattern}` : null,
  ]
    .filter((part) => part !== null)
    .join(' and ')
  const commandText = typeof http.command === 'string' ? http.command : http.command.join(' ')
  const server: RunningServer = { origin, port, child, stop: () => killGroup(child) }

  const deadline = Date.now() + http.readyTimeout
  void exited(child).then((exit) => {
    state.exit = exit
  })
  let failure: string | null = null
  try {
    while (failure === null) {
      ctx.signal.throwIfAborted()
      if (state.error) failure = `could not be started: ${state.error.message}`
      else if (state.exit) failure = `${describeExit(state.exit)} before it could ${readyWhat}`
      else if (
        printedReady() &&
        (http.readyPath === null || (await answers(`${origin}${http.readyPath}`, ctx.signal)))
      )
        return server
      else if (Date.now() >= deadline) failure = `did not ${readyWhat} within ${http.readyTimeout} ms`
      else await sleep(POLL_MS)
    }
  } catch (error) {
    await server.stop()
    throw error
  }
  await server.stop()
  const last = output.lastLines()
  throw new PerfgateError(
    'PLUGIN_FAILED',
    `The HTTP server command \`${commandText}\` (in ${cwd}) ${failure}.${last ? `\nLast output:\n${last}` : ' It printed nothing.'}`,
    {
      hint: `The server must listen on 127.0.0.1 at the port given in the PORT environment variable; raise \`${http.timeoutOption ?? 'http.readyTimeout'}\` if it starts slowly.`,
    },
  )
}

/** Whether the child's output has matched `pattern` so far (always true without one). */
function watchOutput(child: ChildProcess, pattern: RegExp | null): () => boolean {
  if (pattern === null) return () => true
  // A global or sticky RegExp keeps lastIndex between tests: match with a plain copy.
  const plain = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
  let seen = false
  let tail = ''
  const check = (chunk: Buffer) => {
    if (seen) return
    // Keep a little of the previous chunk so a line split across chunks still matches.
    tail = (tail + chunk.toString('utf8')).slice(-8192)
    seen = plain.test(tail)
  }
  child.stdout?.on('data', check)
  child.stderr?.on('data', check)
  return () => seen
}

async function answers(url: string, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(1000)]) })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}

/** A port nobody listens on right now (the OS picks it). */
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
