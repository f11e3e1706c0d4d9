import { mkdir } from 'node:fs/promises'
import { errorMessage, isPerfgateError, PerfgateError } from '../model/errors.js'
import type {
  Logger,
  PerfgatePlugin,
  PluginOutput,
  PluginResult,
  Progress,
  ShardInfo,
  Side,
} from '../model/types.js'
import { validatePluginOutput } from '../model/validate.js'
import { activeRedactor, type Redactor } from '../security/redact.js'
import { redactError } from '../security/report.js'
import { sanitizeTerminal } from '../security/sanitize.js'
import { ChildTracker } from './children.js'
import { runAsPlugin } from './plugin-guard.js'
import { ResourceScope } from './resources.js'
import { tellSupervisor } from './supervision.js'

export interface ExecuteOptions {
  /** The config's per-plugin timeout (ms); a plugin's own `timeout` wins. */
  timeout: number
  cwd: string
  outDir: string
  logger: Logger
  progress: Progress
  shard: ShardInfo
  units?: string[]
  /** The whole run's signal (Ctrl-C). */
  signal: AbortSignal
  side?: Side
  /** Samples per timing metric for this call (A/B rounds of a `sampled` plugin). */
  samples?: number
  /** The timing metrics an A/B round after the first look still needs (`ctx.undecided`). */
  undecided?: string[]
  /** Removes known secrets from everything the plugin returns or throws; default: the process-wide one. */
  redactor?: Redactor
  /**
   * What `ctx.keep` keeps across calls (an A/B run's, disposed by its owner at the end of the run);
   * default: a scope of this call alone, disposed when it ends.
   */
  resources?: ResourceScope
}

export interface Execution {
  result: PluginResult
  output: PluginOutput
  /** The thrown error, for `--debug` stack traces. */
  error?: unknown
  /** Set when the call was stopped from outside: its timeout passed, or the run was interrupted. */
  stoppedBy?: 'timeout' | 'interrupt'
}

/**
 * Runs one plugin's collect() under its timeout; never throws: a failure is a `failed` result.
 * This is the runner boundary: everything the plugin returns (ids, titles, findings, artifact paths,
 * `error`, `data`), throws or reports as progress is redacted here, before anything can print, write,
 * store or post it. (Its log lines are redacted by the logger itself.)
 */
export async function executePlugin(plugin: PerfgatePlugin, options: ExecuteOptions): Promise<Execution> {
  const redactor = options.redactor ?? activeRedactor()
  const clean = (text: string) => redactor.redact(text)
  const started = performance.now()
  const timeoutMs = plugin.timeout ?? options.timeout
  const deadline = Date.now() + timeoutMs
  const controller = new AbortController()
  const children = new ChildTracker()
  const side = options.side ?? 'head'
  const resources = options.resources ?? new ResourceScope(options.signal)
  let failed = true
  const onRunAbort = () => controller.abort(options.signal.reason)
  options.signal.addEventListener('abort', onRunAbort, { once: true })
  if (options.signal.aborted) onRunAbort()
  let timer: NodeJS.Timeout | undefined
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(
        new PerfgateError('PLUGIN_TIMEOUT', `${plugin.name} timed out after ${formatSeconds(timeoutMs)}.`, {
          hint: 'Raise `timeout` in the config (ms), or the plugin’s own timeout option.',
        }),
      )
    }, timeoutMs)
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
  })
  // A plugin that ignores its signal must not hold the run: the race ends it.
  stopped.catch(() => {})
  let ended = false
  // An error escaping the plugin's code (a callback's throw, an unhandled rejection, process.exit) fails
  // this call, as a throw would; after the call it is only reported (plugin-guard.ts).
  const fail = (error: PerfgateError) => {
    if (ended) return false
    controller.abort(error)
    return true
  }
  // The supervising parent stops the run if this call outlives its timeout (a loop that never yields).
  tellSupervisor({ perfgate: 'start', plugin: plugin.name, timeoutMs })
  try {
    await mkdir(options.outDir, { recursive: true })
    const raw = await Promise.race([
      runAsPlugin(plugin.name, fail, async () =>
        plugin.collect({
          cwd: options.cwd,
          outDir: options.outDir,
          logger: options.logger,
          // Progress text only ever reaches the terminal (a spinner line): sanitised as well as redacted.
          progress: {
            update: (text) => options.progress.update(sanitizeTerminal(clean(String(text)), { max: 200 })),
          },
          signal: controller.signal,
          deadline,
          shard: options.shard,
          units: options.units,
          side,
          ...(options.samples !== undefined ? { samples: options.samples } : {}),
          ...(options.undecided ? { undecided: [...options.undecided] } : {}),
          track: (child) => children.track(child),
          keep: resources.keeper(plugin.name, side),
        }),
      ),
      stopped,
    ])
    // Redacted before validation (its messages quote ids) and after it (zod's copy is plain data even
    // when the plugin returned class instances, which redactDeep leaves alone).
    const output = redactor.redactDeep(validatePluginOutput(plugin.name, redactor.redactDeep(raw)))
    const ids = new Set<string>()
    for (const metric of output.metrics ?? []) {
      if (ids.has(metric.id))
        throw new PerfgateError(
          'PLUGIN_OUTPUT_INVALID',
          `${plugin.name} returned metric "${metric.id}" twice.`,
        )
      ids.add(metric.id)
    }
    failed = output.error !== undefined
    if (output.error)
      return {
        result: {
          name: plugin.name,
          status: 'failed',
          durationMs: elapsed(started),
          error: output.error,
          ...(output.data ? { data: output.data } : {}),
        },
        output,
      }
    const data = output.data ? { data: output.data } : {}
    return { result: { name: plugin.name, status: 'ok', durationMs: elapsed(started), ...data }, output }
  } catch (error) {
    const interrupted = options.signal.aborted
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : null
    const timedOut = !interrupted && isPerfgateError(reason) && reason.code === 'PLUGIN_TIMEOUT'
    const message = interrupted
      ? `interrupted (${errorMessage(options.signal.reason)})`
      : describeFailure(error)
    return {
      result: { name: plugin.name, status: 'failed', durationMs: elapsed(started), error: clean(message) },
      output: {},
      error: redactError(error, redactor),
      ...(interrupted
        ? { stoppedBy: 'interrupt' as const }
        : timedOut
          ? { stoppedBy: 'timeout' as const }
          : {}),
    }
  } finally {
    ended = true
    clearTimeout(timer)
    options.signal.removeEventListener('abort', onRunAbort)
    if (!controller.signal.aborted) controller.abort(new Error('plugin finished'))
    await children.killAll()
    // A call that failed may leave its browser or server mid-work: the next call starts afresh.
    if (!options.resources) await resources.disposeAll()
    else if (failed) await resources.dispose(plugin.name, side)
    tellSupervisor({ perfgate: 'end', plugin: plugin.name })
  }
}

function describeFailure(error: unknown): string {
  if (isPerfgateError(error)) return error.hint ? `${error.message} ${error.hint}` : error.message
  return errorMessage(error)
}

function elapsed(started: number) {
  return Math.round(performance.now() - started)
}

function formatSeconds(ms: number) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`
}
