import { resolve } from 'node:path'
import type { PluginContext } from '../../core/model/types.js'
import type { FunctionTime } from '../../core/toolkit/cpu-profile.js'
import { autocannonOptions, CountedWindow, startHttpServer } from './http.js'
import type { ResolvedHttp, ResolvedScenario } from './options.js'
import { ServerProfiler } from './server-profile.js'

/** Length of a profiled burst (ms): about 1,200 samples at the profiler's 250 µs. */
const PROFILED_BURST_MS = 300
/** Load before each profiled burst, so that the profile shows the server's steady state (ms). */
const WARM_BURST_MS = 300

/**
 * Where the server's time goes, per scenario: a server of its own, started after the measured ones
 * with the profiler's preload (which turns V8's inlining off, or a route handler inlined into the
 * router would be charged to the router), warmed and profiled for a short burst per scenario. Counted
 * in no figure: the measured servers run as they do in production. A server that fails to start here
 * only loses its breakdowns.
 */
export async function profileServer(
  http: ResolvedHttp,
  scenarios: ResolvedScenario[],
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'progress' | 'logger'>,
): Promise<Map<string, FunctionTime[]>> {
  const timed = scenarios.filter((scenario) => scenario.amount === undefined)
  if (timed.length === 0) return new Map()
  // The profile's file paths are shown relative to the server's folder.
  const profiler = await ServerProfiler.create(resolve(ctx.cwd, http.cwd ?? '.'))
  try {
    return await profileScenarios(http, timed, ctx, profiler)
  } finally {
    await profiler.close()
  }
}

async function profileScenarios(
  http: ResolvedHttp,
  timed: ResolvedScenario[],
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'progress' | 'logger'>,
  profiler: ServerProfiler,
): Promise<Map<string, FunctionTime[]>> {
  const profiles = new Map<string, FunctionTime[]>()
  ctx.progress.update('starting the HTTP server to profile it')
  let server: Awaited<ReturnType<typeof startHttpServer>>
  try {
    server = await startHttpServer(http, profiler.env(http.env), ctx)
  } catch (error) {
    ctx.signal.throwIfAborted()
    ctx.logger.debug(`no server profiles: the profiled server did not start (${(error as Error).message})`)
    return profiles
  }
  try {
    for (const scenario of timed) {
      const target = scenario.path.startsWith('/') ? `${server.origin}${scenario.path}` : scenario.path
      ctx.progress.update(`profiling the server · ${scenario.name}`)
      await burst(scenario, target, WARM_BURST_MS, ctx.signal)
      const profile = await profiler.profile(
        () => burst(scenario, target, PROFILED_BURST_MS, ctx.signal),
        ctx.signal,
      )
      if (profile) profiles.set(scenario.name, profile)
      else ctx.logger.debug(`no server profile for HTTP scenario ${scenario.name}`)
    }
  } finally {
    await server.stop()
  }
  return profiles
}

/**
 * Load for `ms` milliseconds, shorter than autocannon's 1 s tick: stopped by hand and not waited for
 * (autocannon reports only on its next tick). Resolves to the median latency of the responses that
 * arrived, NaN when none did.
 */
async function burst(scenario: ResolvedScenario, url: string, ms: number, signal: AbortSignal) {
  const { default: autocannon } = await import('autocannon')
  const window = new CountedWindow(performance.now())
  // Its report comes after the server has stopped: ignored, errors included.
  const instance = autocannon(autocannonOptions(scenario, url, { duration: 1 }), () => {})
  instance.on('error', () => {})
  instance.on('response', (_client: unknown, status: number, bytes: number, responseTime: number) =>
    window.add(performance.now(), status, bytes, responseTime),
  )
  let onAbort = () => {}
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    onAbort = () => {
      clearTimeout(timer)
      resolve()
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
  signal.removeEventListener('abort', onAbort)
  instance.stop()
  return window.latencies.summary()?.p50 ?? Number.NaN
}
