import { resolve } from 'node:path'
import type { PluginContext } from '../../core/model/types.js'
import type { ProfileSummary } from '../../core/toolkit/cpu-profile.js'
import { startHttpServer } from './http.js'
import type { ResolvedHttp, ResolvedScenario } from './options.js'
import { ServerProfiler } from './server-profile.js'

/** Length of a profiled burst (ms): about 1,200 samples at the profiler's 250 µs. */
const PROFILED_BURST_MS = 300
/**
 * Load before each profiled burst (ms): the route's first requests load and parse what it needs. The
 * profiled server only interprets, so there is no compiler to warm up.
 */
const WARM_BURST_MS = 100
/** How long the requests in flight at the end of a burst may take to finish (ms). */
const DRAIN_LIMIT_MS = 2_000

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
): Promise<Map<string, ProfileSummary>> {
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
): Promise<Map<string, ProfileSummary>> {
  const profiles = new Map<string, ProfileSummary>()
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
 * Load for `ms` milliseconds from `connections` keep-alive loops. No request starts after `ms`, and the
 * ones in flight are awaited rather than aborted: the server would still serve an aborted request, into
 * the next scenario's profile. (autocannon's `stop()` only takes effect on its next 1 s tick.) A request
 * still in flight `DRAIN_LIMIT_MS` later is aborted.
 */
async function burst(
  scenario: ResolvedScenario,
  url: string,
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  const abort = new AbortController()
  const onAbort = () => abort.abort()
  signal.addEventListener('abort', onAbort, { once: true })
  if (signal.aborted) onAbort()
  let stopped = false
  const stopTimer = setTimeout(() => {
    stopped = true
  }, ms)
  const abortTimer = setTimeout(onAbort, ms + DRAIN_LIMIT_MS)
  const loop = async () => {
    while (!stopped && !abort.signal.aborted) {
      try {
        const { method, headers, body } = scenario
        const response = await fetch(url, { method, headers, body, signal: abort.signal })
        await response.arrayBuffer()
      } catch {
        // aborted, or refused: the profile shows what the server did
        if (!stopped && !abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: scenario.connections }, loop))
  } finally {
    clearTimeout(stopTimer)
    clearTimeout(abortTimer)
    signal.removeEventListener('abort', onAbort)
  }
}
