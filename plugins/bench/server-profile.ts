import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MetricInput } from '../../core/model/types.js'
import { type CpuProfile, type ProfileSummary, summarizeProfile } from '../../core/toolkit/cpu-profile.js'
import { slugify } from '../../core/toolkit/slug.js'
import { representativeSample } from '../../core/toolkit/stats.js'
import { profiled } from './task-report.js'

/**
 * Loaded into every Node process of the profiled server command (NODE_OPTIONS), so that an `npm run start`
 * wrapper and the server it starts are both covered. It leaves V8 its interpreter only, then idles until asked:
 * burst n runs V8's sampling profiler from a `start-n` file to a `stop-n` file in the profile folder (the
 * server's start-up and the warm bursts are not profiled); each process that profiled says so
 * (`<pid>-n.started`) and writes `<pid>-n.cpuprofile`, whole (written aside, then renamed). Files, not
 * SIGTERM: the group's leader may be gone, and the rest SIGKILLed, before a server below it has written.
 * Plain JS, written to a temp file: it must load in the user's Node without perfgate's sources.
 */
const PRELOAD = `import { Session } from 'node:inspector'
import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
const dir = process.env.PERFGATE_PROFILE_DIR
if (dir) {
  // Before the app's code loads: V8's interpreter only. Samples taken in compiled code lost frames on a
  // real Express API (a nested route's handler charged to the router's handleRequest, or to a bare
  // performance.now), an inlined function has no frame of its own, and baseline code split a function's
  // time with its caller from run to run. Slower, and counted in no figure.
  setFlagsFromString('--no-opt')
  setFlagsFromString('--no-maglev')
  setFlagsFromString('--no-sparkplug')
  const session = new Session()
  session.connect()
  let burst = 1
  let started = false
  const write = () => {
    if (!started) return
    started = false
    // An in-process session answers synchronously: the file is written before the process goes on.
    session.post('Profiler.stop', (error, result) => {
      if (error) return
      const file = join(dir, process.pid + '-' + burst + '.cpuprofile')
      writeFileSync(file + '.tmp', JSON.stringify(result.profile))
      renameSync(file + '.tmp', file)
    })
    session.post('Profiler.disable')
    burst++
  }
  const poll = setInterval(() => {
    if (!started && existsSync(join(dir, 'start-' + burst))) {
      started = true
      session.post('Profiler.enable')
      session.post('Profiler.setSamplingInterval', { interval: 250 })
      session.post('Profiler.start')
      // Says it will write: the parent waits for every process that profiles, not only the first.
      writeFileSync(join(dir, process.pid + '-' + burst + '.started'), '')
    }
    if (started && existsSync(join(dir, 'stop-' + burst))) write()
  }, 10)
  poll.unref()
  process.on('exit', write)
}
`

/** Time for every process to see the `start` file (it looks every 10 ms), in ms. */
const NOTICED = 30
/** How long the processes may take to write their profiles once asked (ms): a busy runner is slow. */
const WRITE_TIMEOUT = 10_000

/**
 * Profiles a server perfgate starts, one extra burst at a time (counted in no figure): where the server's
 * time went while it answered one route. Give `env()` to the server command; `profile()` each burst. A
 * server that left no profile (not a Node process) gives none; the figures stand without a breakdown.
 */
export class ServerProfiler {
  private bursts = 0

  private constructor(
    private readonly dir: string,
    private readonly root: string,
  ) {}

  /** `root`: the project folder, for the profile's file paths. */
  static async create(root: string): Promise<ServerProfiler> {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-server-profile-'))
    await writeFile(join(dir, 'preload.mjs'), PRELOAD)
    return new ServerProfiler(dir, root)
  }

  /** The server command's environment with the preload added to NODE_OPTIONS. */
  env(env: Record<string, string>): Record<string, string> {
    // A file URL: NODE_OPTIONS splits on spaces, and Windows paths are not import specifiers.
    const preload = `--import=${pathToFileURL(join(this.dir, 'preload.mjs')).href}`
    return {
      ...env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, env.NODE_OPTIONS, preload].filter(Boolean).join(' '),
      PERFGATE_PROFILE_DIR: this.dir,
    }
  }

  /**
   * Runs `burst` under the profiler: where the server's time went, whether or not a response came back
   * within it (a slow route's requests may all still be in flight).
   */
  async profile(burst: () => Promise<void>, signal: AbortSignal): Promise<ProfileSummary | undefined> {
    const n = ++this.bursts
    await writeFile(join(this.dir, `start-${n}`), '')
    await new Promise((resolve) => setTimeout(resolve, NOTICED))
    await burst()
    await writeFile(join(this.dir, `stop-${n}`), '')
    await profilesWritten(this.dir, n, signal)
    return busiestProfile(this.dir, `-${n}.cpuprofile`, this.root)
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}

/** Resolves once every process that started profiling burst `n` has written its profile, or after WRITE_TIMEOUT. */
async function profilesWritten(dir: string, n: number, signal: AbortSignal): Promise<void> {
  const started = Date.now()
  while (Date.now() - started < WRITE_TIMEOUT && !signal.aborted) {
    const names = await readdir(dir)
    const profiling = names.filter((name) => name.endsWith(`-${n}.started`)).length
    const written = names.filter((name) => name.endsWith(`-${n}.cpuprofile`)).length
    if (profiling > 0 && written >= profiling) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Of the profiles the command's processes wrote (a wrapper, the server), the one that worked most. */
async function busiestProfile(
  dir: string,
  suffix: string,
  root: string,
): Promise<ProfileSummary | undefined> {
  let best: { summary: ProfileSummary; busy: number } | undefined
  for (const name of await readdir(dir)) {
    if (!name.endsWith(suffix)) continue
    let profile: CpuProfile
    try {
      profile = JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile
    } catch {
      continue // cut short: the process was killed while writing
    }
    const summary = withoutGarbageCollection(summarizeProfile(profile, root))
    const busy = summary.functions.reduce((sum, f) => sum + f.selfMicros, 0)
    if (!best || busy > best.busy) best = { summary, busy }
  }
  // No sample at all (the server's profile never came): no breakdown, rather than one with no parts.
  return best && best.busy > 0 ? best.summary : undefined
}

/**
 * Unoptimised code allocates numbers that optimised code keeps in registers: the profiled server's
 * garbage collection says little about the measured one's, and is left out of its parts.
 */
function withoutGarbageCollection(summary: ProfileSummary): ProfileSummary {
  const gc = '(garbage collector)'
  return {
    functions: summary.functions.filter((f) => f.key !== gc),
    stacks: summary.stacks.filter((s) => s.frames.length !== 1 || s.frames[0] !== gc),
  }
}

/** Each profiled scenario's measured median latency shared out by the server's self time per function. */
export function withServerBreakdowns(
  metrics: MetricInput[],
  profiles: Map<string, ProfileSummary>,
): MetricInput[] {
  const byId = new Map<string, ProfileSummary>(
    [...profiles].map(([name, profile]) => [`bench/http/${slugify(name)}/latency-p50`, profile]),
  )
  return metrics.map((metric) => {
    const profile = byId.get(metric.id)
    const measured =
      metric.value ?? (metric.samples?.length ? representativeSample(metric.samples) : undefined)
    // Shared out over the measured figure: the profiled server runs without inlining, a little slower.
    return profile && measured !== undefined ? { ...metric, ...profiled(profile, measured) } : metric
  })
}
