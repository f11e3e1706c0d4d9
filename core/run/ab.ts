// Same-job A/B rounds: every `sampled` plugin measures head and base in this job, interleaved (one
// sample a side per round, alternating which side goes first), and after each look of the sampling plan
// the timing metrics are judged at the look's nominal alpha; more rounds are added while needsMoreRounds
// says a metric could still be decided, within a wall-time budget. Plugins never judge; this module
// only joins their samples and asks the statistics.
import { join } from 'node:path'
import { judge } from '../compare/judge.js'
import { counts } from '../compare/roles.js'
import { lookSizes, needsMoreRounds } from '../compare/sequential.js'
import type { ResolvedConfig } from '../config/types.js'
import { append } from '../model/arrays.js'
import { errorMessage } from '../model/errors.js'
import type {
  FindingInput,
  Metric,
  MetricInput,
  PerfgatePlugin,
  PluginOutput,
  PluginResult,
  RunReport,
  ShardInfo,
  Side,
} from '../model/types.js'
import { median } from '../toolkit/stats.js'
import type { AbBase } from './ab-checkout.js'
import { measuredNothing } from './ab-report.js'
import { executePlugin } from './execute.js'
import type { RunProgress } from './progress.js'
import { ResourceScope } from './resources.js'

export interface AbRoundsOptions {
  config: ResolvedConfig
  base: AbBase
  logger: import('../model/types.js').Logger
  progress: RunProgress
  signal: AbortSignal
  shard: ShardInfo
  units: Map<string, string[] | null>
  /** The head report so far (host, commit): what each look is judged in. */
  skeleton: Omit<RunReport, 'summary'>
  /** Turns a plugin's output into report metrics (the runner's toReportEntries). */
  toMetrics(plugin: PerfgatePlugin, output: PluginOutput, side: Side): Metric[]
  /** Samples a side per call: 1 interleaves best; more saves per-call start-up (a browser, a server). */
  samplesPerCall?: number
  /** For tests: the clock. */
  now?: () => number
}

export interface AbOutcome {
  /** Per plugin, in the order given: its result and its joined head output. */
  plugins: Array<{
    plugin: PerfgatePlugin
    result: PluginResult
    head: PluginOutput
    /** The base side's calls joined: its findings are reported (ab-report's baseSideFindings). */
    base: PluginOutput
    error?: unknown
  }>
  /** The base's timing metrics: the same-job baseline. */
  baseMetrics: Metric[]
  /** The look the final judgement is made at, and the plan. */
  look: number
  plan: ResolvedConfig['ab']['plan']
  /** Rounds a side measured (the most any plugin took). */
  rounds: number
  /** Why sampling stopped (needsMoreRounds' reason, or the budget). */
  reason: string
  /** Set when the wall-time budget, a plugin's timeout or Ctrl-C stopped sampling with metrics undecided. */
  outOfTime: { metrics: string[]; elapsedMs: number } | null
  /** Set when a timeout or Ctrl-C stopped sampling: what stopped it; the rounds before were kept. */
  stopped: string | null
}

interface PluginState {
  plugin: PerfgatePlugin
  head: PluginOutput[]
  base: PluginOutput[]
  durationMs: number
  failed: { result: PluginResult; error?: unknown } | null
  /** A timeout or Ctrl-C ended this plugin's sampling after whole rounds: those are kept and judged. */
  stopped: string | null
  rounds: number
}

/** Measures every sampled plugin on both sides, in rounds, until decided, at the plan's max, or out of time. */
export async function runAbRounds(plugins: PerfgatePlugin[], options: AbRoundsOptions): Promise<AbOutcome> {
  const { config, signal } = options
  const now = options.now ?? Date.now
  const sizes = lookSizes(config.ab.plan)
  const started = now()
  const deadline = started + config.ab.budgetMs
  const perCall = Math.max(1, options.samplesPerCall ?? 1)
  const states: PluginState[] = plugins.map((plugin) => ({
    plugin,
    head: [],
    base: [],
    durationMs: 0,
    failed: null,
    stopped: null,
    rounds: 0,
  }))
  // One browser, one server per plugin and side for the whole run (ctx.keep), disposed on every path.
  const resources = new ResourceScope(signal)
  try {
    return await sample(states, options, { sizes, started, deadline, perCall, resources })
  } finally {
    await resources.disposeAll()
  }
}

interface SamplingPlan {
  sizes: number[]
  started: number
  deadline: number
  perCall: number
  resources: ResourceScope
}

async function sample(
  states: PluginState[],
  options: AbRoundsOptions,
  sampling: SamplingPlan,
): Promise<AbOutcome> {
  const { config, signal } = options
  const plugins = states.map((s) => s.plugin)
  const now = options.now ?? Date.now
  const plan = config.ab.plan
  const { sizes, started, deadline, perCall } = sampling
  const measuring = (s: PluginState) => !s.failed && !s.stopped
  const progress = new Map(plugins.map((p) => [p.name, options.progress.start(p.name)]))
  let active = states
  let look = 1
  let round = 0
  let reason = ''
  let outOfTime: AbOutcome['outOfTime'] = null
  let stopped: string | null = null
  let judged: Metric[] = []
  // After the first look: the timing metrics still undecided, which is all a plugin need measure again.
  let undecided: string[] | undefined

  for (;;) {
    const target = sizes[look - 1]
    while (!signal.aborted && active.some((s) => measuring(s) && s.rounds < target)) {
      // One round a side whatever the budget: a verdict needs the base measured at least once.
      if (round > 0 && now() >= deadline) break
      round++
      const headFirst = round % 2 === 1
      for (const state of active) {
        if (!measuring(state) || state.rounds >= target) continue
        const samples = Math.min(perCall, target - state.rounds)
        for (const side of headFirst ? (['head', 'base'] as const) : (['base', 'head'] as const)) {
          if (!measuring(state) || signal.aborted) break
          const where = `look ${look}/${sizes.length}`
          await measureOnce(
            state,
            { side, samples, where, target, undecided },
            options,
            progress,
            sampling.resources,
          )
        }
        if (measuring(state) && !signal.aborted) state.rounds += samples
        else keepWholeRounds(state)
      }
    }
    if (signal.aborted) {
      for (const state of states) if (measuring(state)) keepWholeRounds(state)
      judged = judgeLook(states, look, options)
      reason = `the run was interrupted (${errorMessage(signal.reason)}) after ${maxRounds(states)} rounds a side; the rounds measured are judged`
      outOfTime = { metrics: undecidedOf(judged), elapsedMs: now() - started }
      stopped = reason
      break
    }
    judged = judgeLook(states, look, options)
    // A regression called at this look's level stands whatever later rounds show (alpha is spent per
    // look), and with failOn regression or any it fails the run: more rounds would only refine rows that
    // cannot change the outcome.
    const failing = failingRegressions(judged, config.failOn)
    if (failing.length > 0) {
      reason = `the gate fails on ${failing.length} timing regression${failing.length === 1 ? '' : 's'} called at look ${look} of ${sizes.length} (${listIds(failing)}); more rounds could not change that (${maxRounds(states)} rounds a side)`
      options.logger.info(`A/B: ${reason}`)
      break
    }
    const next = needsMoreRounds(judged, look, plan, { ...config.compare })
    const halted = states.filter((s) => s.stopped)
    if (halted.length > 0 && !states.some(measuring)) {
      // Nothing left that can measure: the rounds taken are the verdict.
      reason = halted.map((s) => s.stopped).join('; ')
      stopped = reason
      outOfTime = { metrics: [...next.metrics, ...tooFewToJudge(judged)], elapsedMs: now() - started }
      break
    }
    const short = now() >= deadline && active.some((s) => measuring(s) && s.rounds < target)
    // A metric with fewer than 2 samples a side is no candidate for more rounds, yet the clock, not the
    // statistics, left it undecided. Cut short but decided anyway: nothing to report about the budget.
    const leftUndecided = short ? [...next.metrics, ...tooFewToJudge(judged)] : []
    if (leftUndecided.length > 0) {
      const elapsedMs = now() - started
      reason = `the A/B time budget (ab.budgetMs ${formatMinutes(config.ab.budgetMs)}) ran out at look ${look} of ${sizes.length}, after ${maxRounds(states)} rounds a side, with ${leftUndecided.length} timing metric${leftUndecided.length === 1 ? '' : 's'} undecided`
      outOfTime = { metrics: leftUndecided, elapsedMs }
      break
    }
    reason = next.reason
    options.logger.info(`A/B: ${reason}`)
    if (!next.more) break
    if (now() >= deadline) {
      reason = `the A/B time budget (ab.budgetMs ${formatMinutes(config.ab.budgetMs)}) ran out after look ${look} of ${sizes.length} (${maxRounds(states)} rounds a side); ${next.metrics.length} timing metric${next.metrics.length === 1 ? '' : 's'} undecided`
      outOfTime = { metrics: next.metrics, elapsedMs: now() - started }
      break
    }
    // Only the plugins of the undecided metrics measure more; the others keep their samples.
    const wanted = new Set(next.metrics)
    undecided = next.metrics
    active = states.filter((s) => measuring(s) && ownsAny(s, wanted, options))
    if (active.length === 0 && states.some((s) => s.stopped)) {
      reason = `${next.reason}; ${states
        .filter((s) => s.stopped)
        .map((s) => s.stopped)
        .join('; ')}`
      stopped = reason
      outOfTime = { metrics: next.metrics, elapsedMs: now() - started }
      break
    }
    look++
  }

  const baseMetrics: Metric[] = []
  const outcome: AbOutcome['plugins'] = []
  for (const state of states) {
    const head = joinOutputs(state.head)
    const base = joinOutputs(state.base)
    append(baseMetrics, options.toMetrics(state.plugin, base, 'base').filter(isTiming))
    const nothing = !state.failed && state.rounds === 0 && signal.aborted
    const result: PluginResult = state.failed
      ? { ...state.failed.result, durationMs: state.durationMs }
      : nothing
        ? {
            name: state.plugin.name,
            status: 'skipped',
            durationMs: state.durationMs,
            error: 'run interrupted',
          }
        : {
            name: state.plugin.name,
            status: 'ok',
            durationMs: state.durationMs,
            ...(head.data ? { data: head.data } : {}),
          }
    outcome.push({
      plugin: state.plugin,
      result,
      head: state.failed ? {} : head,
      base: state.failed ? {} : base,
      ...(state.failed?.error !== undefined ? { error: state.failed.error } : {}),
    })
    const detail = state.failed
      ? (result.error ?? '')
      : `${(state.durationMs / 1000).toFixed(1)} s, ${state.rounds} rounds a side (A/B)${state.stopped ? `, then ${state.stopped}` : ''}`
    options.progress.finish(state.plugin.name, result.status, detail)
  }
  return { plugins: outcome, baseMetrics, look, plan, rounds: maxRounds(states), reason, outOfTime, stopped }
}

/** Drops a side's call of a round the other side did not finish: both sides keep whole rounds. */
function keepWholeRounds(state: PluginState): void {
  const calls = Math.min(state.head.length, state.base.length)
  state.head.length = calls
  state.base.length = calls
}

/** Timing regressions that fail the run under `failOn` (detail and context rows never do). */
function failingRegressions(judged: readonly Metric[], failOn: ResolvedConfig['failOn']): string[] {
  if (failOn !== 'regression' && failOn !== 'any') return []
  return judged.filter((m) => m.verdict === 'regressed' && counts(m)).map((m) => m.id)
}

function listIds(ids: readonly string[]): string {
  return `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? `, and ${ids.length - 3} more` : ''}`
}

function undecidedOf(judged: readonly Metric[]): string[] {
  return judged.filter((m) => m.verdict === 'inconclusive').map((m) => m.id)
}

/** One call of a plugin on one side: the samples it takes, and (after the first look) what is undecided. */
interface SideCall {
  side: Side
  samples: number
  where: string
  target: number
  undecided: string[] | undefined
}

async function measureOnce(
  state: PluginState,
  { side, samples, where, target, undecided }: SideCall,
  options: AbRoundsOptions,
  progress: Map<string, import('../model/types.js').Progress>,
  resources: ResourceScope,
) {
  const { config, plugin } = { config: options.config, plugin: state.plugin }
  const name = plugin.name.replace(/^perfgate:/, '')
  const line = progress.get(plugin.name) as import('../model/types.js').Progress
  const label = `${side} · round ${state.rounds + 1}/${target} · ${where}`
  line.update(label)
  const execution = await executePlugin(plugin, {
    timeout: config.timeout,
    cwd: side === 'head' ? config.root : options.base.cwd,
    // The base side writes its artifacts apart, so the head's reports are the ones kept.
    outDir: side === 'head' ? join(config.outDir, name) : join(config.outDir, 'ab-base', name),
    logger: options.logger.child(side === 'head' ? name : `${name}:base`),
    progress: { update: (text) => line.update(`${label} · ${text}`) },
    shard: options.shard,
    units: options.units.get(plugin.name) ?? undefined,
    signal: options.signal,
    side,
    samples,
    ...(undecided ? { undecided } : {}),
    resources,
  })
  state.durationMs += execution.result.durationMs
  const unbuilt = options.base.unbuilt
    ? ` (the base checkout was not built: if what is measured is built, set ab.build, e.g. 'npm run build')`
    : ''
  if (execution.result.status !== 'ok') {
    // Stopped from outside after whole rounds: those rounds are kept and judged, sampling ends here.
    if (execution.stoppedBy && state.rounds > 0) {
      state.stopped =
        execution.stoppedBy === 'timeout'
          ? `${plugin.name.replace(/^perfgate:/, '')} timed out in round ${state.rounds + 1} on the ${side} side (${execution.result.error}); the ${state.rounds} rounds a side before are judged`
          : 'the run was interrupted'
      if (execution.stoppedBy === 'timeout') options.logger.warn(`A/B: ${state.stopped}`)
      return
    }
    const error =
      side === 'base'
        ? `base side (${options.base.label}): ${execution.result.error}${unbuilt}`
        : execution.result.error
    state.failed = { result: { ...execution.result, error }, error: execution.error }
    return
  }
  // A base that measured nothing and said why would leave every head metric `new`: a silent pass.
  const nothing =
    side === 'base'
      ? measuredNothing(options.toMetrics(plugin, execution.output, 'base'), execution.output)
      : null
  if (nothing) {
    const error = `base side (${options.base.label}): ${nothing}${unbuilt}`
    state.failed = { result: { ...execution.result, status: 'failed', error } }
    return
  }
  ;(side === 'head' ? state.head : state.base).push(execution.output)
}

/** The timing metrics of both sides so far, judged as one look of the plan. */
function judgeLook(states: PluginState[], look: number, options: AbRoundsOptions): Metric[] {
  const head: Metric[] = []
  const base: Metric[] = []
  for (const state of states) {
    append(head, options.toMetrics(state.plugin, joinOutputs(state.head), 'head').filter(isTiming))
    append(base, options.toMetrics(state.plugin, joinOutputs(state.base), 'base').filter(isTiming))
  }
  const report = judge({ ...options.skeleton, metrics: head, findings: [], artifacts: [] }, null, {
    budgets: [],
    failOn: 'none',
    compare: options.config.compare,
    sameJob: {
      metrics: base,
      commit: options.base.commit,
      sequential: { look, plan: options.config.ab.plan },
    },
  })
  return report.metrics
}

/** Inconclusive timing metrics with fewer than 2 samples on a side: what needsMoreRounds cannot weigh. */
function tooFewToJudge(judged: readonly Metric[]): string[] {
  return judged
    .filter(
      (m) =>
        m.verdict === 'inconclusive' &&
        Math.min(m.samples?.length ?? 0, m.baseline?.samples?.length ?? 0) < 2,
    )
    .map((m) => m.id)
}

function ownsAny(state: PluginState, ids: Set<string>, options: AbRoundsOptions): boolean {
  const metrics = options.toMetrics(state.plugin, joinOutputs(state.head), 'head')
  return metrics.some((m) => ids.has(m.id))
}

/** A timing metric with samples: what the same-job base is the baseline of. */
export function isTiming(metric: Pick<Metric, 'samples' | 'timing'>): boolean {
  return (metric.samples?.length ?? 0) > 0 && metric.timing !== false
}

/**
 * One output from many calls of one side: samples joined per metric id (in call order), the other
 * fields of a metric from its first call, its breakdown from the representative call (the one whose
 * figure is closest to the joined median); findings once, with the number of rounds (calls) that
 * reported them; artifacts and data of the last call.
 */
export function joinOutputs(outputs: PluginOutput[]): PluginOutput {
  const metrics = new Map<string, MetricInput>()
  // The breakdown of the round closest to the figure, and its stacks: one run's, never two mixed.
  const breakdowns = new Map<
    string,
    Array<{ value: number; breakdown: MetricInput['breakdown']; stacks: MetricInput['stacks'] }>
  >()
  const findings = new Map<string, { finding: FindingInput; rounds: number }>()
  for (const output of outputs) {
    for (const metric of output.metrics ?? []) {
      const seen = metrics.get(metric.id)
      if (metric.breakdown && (metric.value !== undefined || metric.samples?.length)) {
        const value = metric.value ?? median(metric.samples as number[])
        const list = breakdowns.get(metric.id) ?? []
        list.push({ value, breakdown: metric.breakdown, stacks: metric.stacks })
        breakdowns.set(metric.id, list)
      }
      if (!seen) {
        metrics.set(metric.id, { ...metric, ...(metric.samples ? { samples: [...metric.samples] } : {}) })
        continue
      }
      if (seen.samples && metric.samples) {
        append(seen.samples, metric.samples)
        // The figure of joined samples is their median, as for any sampled metric.
        delete seen.value
      }
    }
    // Once per round at most: a finding a call repeats (one per image) is counted in one round.
    const inThisCall = new Set<string>()
    for (const finding of output.findings ?? []) {
      const key = findingKey(finding)
      const seen = findings.get(key)
      if (!seen) findings.set(key, { finding, rounds: 1 })
      else if (!inThisCall.has(key)) seen.rounds++
      inThisCall.add(key)
    }
  }
  for (const [id, candidates] of breakdowns) {
    const metric = metrics.get(id) as MetricInput
    const figure = metric.value ?? median(metric.samples as number[])
    let best = candidates[0]
    for (const candidate of candidates)
      if (Math.abs(candidate.value - figure) < Math.abs(best.value - figure)) best = candidate
    const { stacks: _stacks, ...rest } = metric
    metrics.set(id, { ...rest, breakdown: best.breakdown, ...(best.stacks ? { stacks: best.stacks } : {}) })
  }
  const last = outputs.at(-1)
  return {
    metrics: [...metrics.values()],
    findings: [...findings.values()].map(({ finding, rounds }) =>
      rounds > 1
        ? { ...finding, message: `${finding.message} (in ${rounds} of ${outputs.length} rounds)` }
        : finding,
    ),
    artifacts: last?.artifacts ?? [],
    ...(last?.data ? { data: last.data } : {}),
  }
}

/**
 * What makes two rounds' findings the same finding: rule, place, and the message with its figures
 * left out (`saves 12.3 KiB` in one round, `saves 12.5 KiB` in the next; 4 failed requests of 1200).
 */
export function findingKey(finding: FindingInput): string {
  const message = finding.message.replace(/\d+(?:[.,]\d+)*/g, '#')
  return JSON.stringify([finding.ruleId, finding.file ?? null, finding.line ?? null, message])
}

function maxRounds(states: PluginState[]): number {
  return states.reduce((most, s) => Math.max(most, s.rounds), 0)
}

function formatMinutes(ms: number): string {
  return ms >= 60_000
    ? `${(ms / 60_000).toFixed(ms % 60_000 === 0 ? 0 : 1)} min`
    : `${Math.round(ms / 1000)} s`
}
