import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { MetricInput, PluginContext } from '../../core/model/types.js'
import {
  type CpuProfile,
  type FunctionTime,
  profileBreakdown,
  selfTimeByFunction,
} from '../../core/toolkit/cpu-profile.js'
import { startServerCommand } from '../../core/toolkit/server-command.js'
import { slugify } from '../../core/toolkit/slug.js'
import { loadTest } from './http.js'
import type { ResolvedHttp, ResolvedScenario } from './options.js'

/**
 * Loaded into every Node process of the server command (NODE_OPTIONS), so that an `npm run start` wrapper
 * and the server it starts are both covered: V8's sampling profiler runs from a `start` file to a `stop`
 * file in the profile folder (the server's start-up is not what a route costs), then each process writes
 * its profile, whole (written aside, then renamed). Not on SIGTERM alone: the group's leader may be gone, and the rest
 * SIGKILLed, before a server below it has written. Plain JS, written to a temp file: it must load in the
 * user's Node without perfgate's sources.
 */
const PRELOAD = `import { Session } from 'node:inspector'
import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
const dir = process.env.PERFGATE_PROFILE_DIR
if (dir) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: 250 })
  let started = false
  let written = false
  const write = () => {
    if (!started || written) return
    written = true
    clearInterval(poll)
    // An in-process session answers synchronously: the file is written before the process goes on.
    session.post('Profiler.stop', (error, result) => {
      if (error) return
      const file = join(dir, process.pid + '.cpuprofile')
      writeFileSync(file + '.tmp', JSON.stringify(result.profile))
      renameSync(file + '.tmp', file)
    })
  }
  const poll = setInterval(() => {
    if (!started && existsSync(join(dir, 'start'))) {
      started = true
      session.post('Profiler.start')
    }
    if (existsSync(join(dir, 'stop'))) write()
  }, 25)
  poll.unref()
  process.on('exit', write)
}
`

/** Time for every process to see the `start` file (it looks every 25 ms), in ms. */
const NOTICED = 60
/** How long the processes may take to write their profiles once asked (ms). */
const WRITE_TIMEOUT = 3000
/** No new profile for this long: every process of the command has written (ms). */
const SETTLED = 200

/** What one scenario's profiled burst found: the server's self time by function, and the burst's median latency. */
export interface ScenarioProfile {
  functions: FunctionTime[]
  p50: number
}

/**
 * One extra burst per scenario, counted in no figure, against a server started for it alone under V8's
 * sampling profiler: where the server's time went while it answered that route. A scenario whose server
 * left no profile (not a Node process, or killed) has none; the figures stand without a breakdown.
 */
export async function profileScenarios(
  http: ResolvedHttp,
  scenarios: ResolvedScenario[],
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'progress' | 'logger'>,
): Promise<Map<string, ScenarioProfile>> {
  const profiles = new Map<string, ScenarioProfile>()
  const dir = await mkdtemp(join(tmpdir(), 'perfgate-server-profile-'))
  try {
    const preload = join(dir, 'preload.mjs')
    await writeFile(preload, PRELOAD)
    for (const [i, scenario] of scenarios.entries()) {
      if (scenario.amount !== undefined) continue
      ctx.progress.update(`profiling the server · ${scenario.name}`)
      const out = join(dir, String(i))
      await mkdir(out)
      const server = await startServerCommand(
        {
          command: http.command,
          cwd: http.cwd,
          env: {
            ...http.env,
            NODE_OPTIONS: [process.env.NODE_OPTIONS, http.env.NODE_OPTIONS, `--import=${preload}`]
              .filter(Boolean)
              .join(' '),
            PERFGATE_PROFILE_DIR: out,
          },
          readyPath: http.readyPath,
          timeout: http.readyTimeout,
          timeoutOption: 'http.readyTimeout',
          label: 'The HTTP server command',
        },
        { cwd: ctx.cwd, signal: ctx.signal, track: ctx.track },
      )
      let p50: number
      try {
        const target = scenario.path.startsWith('/') ? `${server.origin}${scenario.path}` : scenario.path
        await writeFile(join(out, 'start'), '')
        await new Promise((resolve) => setTimeout(resolve, NOTICED))
        const run = await loadTest(scenario, target, ctx.signal, {
          duration: Math.min(scenario.duration, http.abDuration),
          uncountedMs: Math.min(http.warmup, http.abWarmup) * 1000,
        })
        p50 = run.latencyP50
        await writeFile(join(out, 'stop'), '')
        await profilesWritten(out, ctx.signal)
      } finally {
        await server.stop()
      }
      const functions = await busiestProfile(out, resolve(ctx.cwd, http.cwd ?? '.'))
      if (functions && Number.isFinite(p50)) profiles.set(scenario.name, { functions, p50 })
      else ctx.logger.debug(`no server profile for HTTP scenario ${scenario.name}`)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return profiles
}

/** Resolves once a profile is written and no other came for a moment, or after WRITE_TIMEOUT. */
async function profilesWritten(dir: string, signal: AbortSignal): Promise<void> {
  const started = Date.now()
  let count = 0
  let changed = Date.now()
  while (Date.now() - started < WRITE_TIMEOUT && !signal.aborted) {
    const now = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).length
    if (now !== count) [count, changed] = [now, Date.now()]
    else if (count > 0 && Date.now() - changed >= SETTLED) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Of the profiles the command's processes wrote (a wrapper, the server), the one that worked most. */
async function busiestProfile(dir: string, root: string): Promise<FunctionTime[] | undefined> {
  let best: { functions: FunctionTime[]; busy: number } | undefined
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.cpuprofile')) continue
    let profile: CpuProfile
    try {
      profile = JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile
    } catch {
      continue // cut short: the process was killed while writing
    }
    const functions = selfTimeByFunction(profile, root)
    const busy = functions.reduce((sum, f) => sum + f.selfMicros, 0)
    if (!best || busy > best.busy) best = { functions, busy }
  }
  return best?.functions
}

/** Each profiled scenario's median latency shared out by the server's self time per function. */
export function withServerBreakdowns(
  metrics: MetricInput[],
  profiles: Map<string, ScenarioProfile>,
): MetricInput[] {
  const byId = new Map<string, ScenarioProfile>(
    [...profiles].map(([name, profile]) => [`bench/http/${slugify(name)}/latency-p50`, profile]),
  )
  return metrics.map((metric) => {
    const profile = byId.get(metric.id)
    return profile ? { ...metric, breakdown: profileBreakdown(profile.functions, profile.p50) } : metric
  })
}
