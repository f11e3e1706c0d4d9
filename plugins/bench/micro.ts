import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FindingInput, MetricInput, PluginContext } from '../../core/model/types.js'
import type { ProfileSummary } from '../../core/toolkit/cpu-profile.js'
import { describeExit, startProcessGroup } from '../../core/toolkit/process-group.js'
import { uniqueSlugs } from '../../core/toolkit/slug.js'
import { disturbedRuns, MIN_RUNS_TO_JUDGE } from './disturbance.js'
import type { ResolvedBenchOptions } from './options.js'
import type { RunnerJob, RunnerResult, RunnerTask } from './protocol.js'
import { reportTask, type TaskRuns } from './task-report.js'

export interface BenchFile {
  /** Relative to the config's folder, `/`-separated. */
  rel: string
  abs: string
  slug: string
}

export type MicroOptions = Pick<
  ResolvedBenchOptions,
  'runs' | 'time' | 'warmupTime' | 'env' | 'maxRme' | 'disturbance'
> & {
  /** See the option; default no profile. */
  profileTime?: number | false
  /** No disturbed run is started again after this time (ms since the epoch). Default: no limit. */
  repeatUntil?: number
  /**
   * The kept runs of earlier calls on the same side of this run, by file (`rel`): with them a call of
   * one run (an A/B round) can tell a disturbed one. This call's kept runs are added. Default: none.
   */
  history?: Map<string, RunnerTask[][]>
}

/** Repetitions a file may have in one call even when it asks for fewer runs (an A/B round asks 1). */
const MIN_REPEATS = 3
/** A profiling run warms each task for at least this long before its profiled pass (ms). */
const PROFILE_WARM_MS = 50

/** Earlier runs kept per file: enough for a level, and recent enough to follow the machine. */
const HISTORY_RUNS = 40

type FileState = {
  file: BenchFile
  failed: boolean
  /** Each kept run's tasks, in run order. */
  runs: RunnerTask[][]
  /** Runs dropped as disturbed and measured again. */
  repeated: number
  /** The runs dropped in the current round, until their repetitions are measured. */
  dropped: RunnerTask[][]
  /** Repetitions stopped at `repeatUntil`. */
  outOfTime: boolean
  /** Each task's self time by function, from the file's profiling run. */
  profiles: Map<string, ProfileSummary>
}

/**
 * Runs every bench file `runs` times, each in a fresh process, interleaved (A1 B1 A2 B2 …) so that a
 * drift of the machine spreads over all files instead of biasing one. Then disturbed runs are measured
 * again, interleaved too, with at most `runs` extra processes per file.
 */
export async function runMicroBenchmarks(
  files: BenchFile[],
  options: MicroOptions,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'progress' | 'logger'>,
): Promise<{ metrics: MetricInput[]; findings: FindingInput[] }> {
  const findings: FindingInput[] = []
  const states: FileState[] = files.map((file) => ({
    file,
    failed: false,
    runs: [],
    repeated: 0,
    dropped: [],
    outOfTime: false,
    profiles: new Map(),
  }))
  const outOfTime = () => options.repeatUntil !== undefined && Date.now() >= options.repeatUntil
  const measure = async (state: FileState, label: string) => {
    ctx.signal.throwIfAborted()
    ctx.progress.update(`${label} · ${state.file.rel}`)
    const outcome = await runOnce(state.file, { ...options, profileTime: false }, ctx)
    if (outcome.kind === 'crashed' || !outcome.result.ok) {
      state.failed = true
      findings.push(fileFailure(state.file, outcome))
      return
    }
    state.runs.push(outcome.result.tasks)
  }
  for (let run = 1; run <= options.runs; run++)
    for (const state of states) if (!state.failed) await measure(state, `run ${run}/${options.runs}`)
  // One profiling run a file and side, counted in no figure: the first call of this side (earlier A/B
  // rounds count).
  if (options.profileTime)
    for (const state of states)
      if (!state.failed && !options.history?.has(state.file.rel))
        state.profiles = await profileRun(state.file, options.profileTime, options, ctx)

  const isDisturbed = (state: FileState) =>
    disturbedRuns(state.runs, options.disturbance, options.history?.get(state.file.rel))
  await repeatDisturbed(states, options, outOfTime, isDisturbed, measure)

  const metrics: MetricInput[] = []
  for (const state of states) {
    if (state.failed) continue
    const tasks = new Map<string, TaskRuns>()
    for (const run of state.runs)
      for (const task of run) {
        const runs = tasks.get(task.name) ?? { name: task.name, results: [] }
        runs.results.push(task)
        tasks.set(task.name, runs)
      }
    const slugs = uniqueSlugs([...tasks.keys()])
    ;[...tasks.values()].forEach((task, i) => {
      const { metrics: taskMetrics, findings: taskFindings } = reportTask(
        state.file,
        slugs[i],
        task,
        options,
        state.profiles.get(task.name),
      )
      metrics.push(...taskMetrics)
      findings.push(...taskFindings)
    })
    const disturbance = disturbanceFinding(state, isDisturbed(state).length, options)
    if (disturbance) findings.push(disturbance)
    if (options.history) {
      const earlier = [...(options.history.get(state.file.rel) ?? []), ...state.runs]
      options.history.set(state.file.rel, earlier.slice(-HISTORY_RUNS))
    }
  }
  return { metrics, findings }
}

/**
 * Drops each file's disturbed runs and measures them again, interleaved across files, until none is
 * left, a file has had `runs` repetitions (at least MIN_REPEATS), or time is up (a dropped run is then
 * taken back).
 */
async function repeatDisturbed(
  states: FileState[],
  options: MicroOptions,
  outOfTime: () => boolean,
  isDisturbed: (state: FileState) => number[],
  measure: (state: FileState, label: string) => Promise<void>,
): Promise<void> {
  const repeats = Math.max(options.runs, MIN_REPEATS)
  for (;;) {
    if (outOfTime()) {
      for (const state of states) state.outOfTime ||= state.repeated < repeats
      break
    }
    const replacements = states.map((state) => {
      if (state.failed) return 0
      const budget = repeats - state.repeated
      const disturbed = isDisturbed(state).slice(0, budget)
      const drop = new Set(disturbed)
      state.dropped = disturbed.map((index) => state.runs[index])
      state.runs = state.runs.filter((_run, index) => !drop.has(index))
      state.repeated += disturbed.length
      return disturbed.length
    })
    const rounds = Math.max(0, ...replacements)
    if (rounds === 0) break
    for (let round = 0; round < rounds; round++)
      for (const [i, state] of states.entries()) {
        if (state.failed || replacements[i] <= round) continue
        if (!outOfTime()) await measure(state, 'repeating a disturbed run')
        else {
          // A dropped run is taken back rather than leave the file with fewer samples.
          state.runs.push(state.dropped.pop() as RunnerTask[])
          state.repeated--
          state.outOfTime = true
        }
      }
  }
}

function disturbanceFinding(state: FileState, left: number, options: MicroOptions): FindingInput | undefined {
  if (state.repeated === 0 && left === 0) return undefined
  const slower = `at least ${options.disturbance}× slower across its tasks than its undisturbed runs (a busy machine)`
  // A call of fewer runs than a level needs is an A/B round: its findings join those of the other
  // rounds by message, so they carry no per-round counts.
  const inRounds = options.runs < MIN_RUNS_TO_JUDGE
  const repeated = inRounds
    ? `In the A/B rounds, runs of ${state.file.rel} were ${slower} and were measured again`
    : `${state.repeated} run(s) of ${state.file.rel} were ${slower} and were measured again`
  if (left === 0)
    return {
      ruleId: 'bench/disturbed-runs',
      severity: 'info',
      file: state.file.rel,
      message: `${repeated}.`,
      help: 'Nothing to do; if it happens in most runs, the code itself may be bimodal: set `disturbance: 0` to keep every run.',
    }
  const keptRuns = inRounds
    ? 'some kept runs'
    : state.outOfTime
      ? `${left} kept run(s)`
      : `${left} of the kept runs`
  const kept = state.outOfTime
    ? `${keptRuns} were ${slower}: measuring them again stopped at half the plugin's timeout`
    : `${keptRuns} are still that slow: the machine stayed busy`
  return {
    ruleId: 'bench/disturbed-runs',
    severity: 'warning',
    file: state.file.rel,
    message: `${state.repeated > 0 ? `${repeated}, and ` : `In ${state.file.rel}, `}${kept}, so these samples are noisier than usual.`,
    help: state.outOfTime
      ? 'Raise the plugin `timeout`, or run benchmarks on a quieter machine or job.'
      : inRounds
        ? `Run benchmarks on a quieter machine or job: an A/B round keeps its run after ${MIN_REPEATS} repetitions.`
        : 'Run benchmarks on a quieter machine or job, or raise `runs`.',
  }
}

type Outcome = { kind: 'result'; result: RunnerResult } | { kind: 'crashed'; exit: string; output: string }

/**
 * Each task's self time by function, from a process of its own (V8's inlining off, which would change
 * the measured figures): a short warm run, then every task under the profiler. A file the profiler
 * cannot follow has no profile; its figures stand without a breakdown.
 */
async function profileRun(
  file: BenchFile,
  profileTime: number,
  options: MicroOptions,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'progress' | 'logger'>,
): Promise<Map<string, ProfileSummary>> {
  ctx.progress.update(`profiling · ${file.rel}`)
  const warm = { time: Math.max(options.warmupTime, PROFILE_WARM_MS), warmupTime: 0 }
  const outcome = await runOnce(file, { ...options, ...warm, profileTime }, ctx)
  const profiles = new Map<string, ProfileSummary>()
  if (outcome.kind === 'result' && outcome.result.ok) {
    for (const task of outcome.result.tasks) if (task.profile) profiles.set(task.name, task.profile)
  } else ctx.logger.debug(`no profile for ${file.rel}: its profiling run ended without a result`)
  return profiles
}

async function runOnce(
  file: BenchFile,
  options: MicroOptions,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'logger'>,
): Promise<Outcome> {
  const job: RunnerJob = {
    file: file.abs,
    time: options.time,
    warmupTime: options.warmupTime,
    ...(options.profileTime ? { profileTime: options.profileTime, root: ctx.cwd } : {}),
  }
  // Its own process group, stopped on abort: whatever the bench file spawns dies with it.
  const group = startProcessGroup([process.execPath, ...runnerArgs(), JSON.stringify(job)], {
    cwd: ctx.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    signal: ctx.signal,
    track: ctx.track,
  })
  const result = readResult(group.child)
  try {
    const [exit, text] = await Promise.all([group.exited, result])
    ctx.signal.throwIfAborted()
    const line = text.trim().split('\n').pop()
    if (line) {
      try {
        return { kind: 'result', result: JSON.parse(line) as RunnerResult }
      } catch {
        // fall through: a partial line means the process died while writing
      }
    }
    return { kind: 'crashed', exit: describeExit(exit), output: group.lastLines() }
  } finally {
    // The runner exits by itself; anything the bench file left running in its group goes too.
    await group.stop()
  }
}

function readResult(child: ChildProcess): Promise<string> {
  const stream = child.stdio[3]
  if (!stream || !('on' in stream)) return Promise.resolve('')
  return new Promise((resolve) => {
    let text = ''
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
    })
    stream.on('close', () => resolve(text))
    stream.on('error', () => resolve(text))
  })
}

function fileFailure(file: BenchFile, outcome: Outcome): FindingInput {
  if (outcome.kind === 'crashed')
    return {
      ruleId: 'bench/process-failed',
      severity: 'error',
      file: file.rel,
      message: `The bench process for ${file.rel} ${outcome.exit} without a result.${outcome.output ? `\nLast output:\n${outcome.output}` : ''}`,
      help: 'Run the file with node (or jiti) on its own to see the failure; a bench file must not call process.exit.',
    }
  const result = outcome.result as Extract<RunnerResult, { ok: false }>
  return {
    ruleId: result.phase === 'import' ? 'bench/import-failed' : 'bench/setup-failed',
    severity: 'error',
    file: file.rel,
    message:
      result.phase === 'import'
        ? `Bench file ${file.rel} threw on import: ${result.error}`
        : `Bench file ${file.rel} could not define its tasks: ${result.error}`,
    help: "A bench file default-exports an object of named functions, or a function receiving tinybench's Bench.",
  }
}

/** The runner: compiled JS when perfgate is built; the TS source through jiti when run from source. */
function runnerArgs(): string[] {
  const here = dirname(fileURLToPath(import.meta.url))
  const compiled = join(here, 'runner.js')
  if (existsSync(compiled)) return [compiled]
  return ['--import', import.meta.resolve('jiti/register'), join(here, 'runner.ts')]
}
