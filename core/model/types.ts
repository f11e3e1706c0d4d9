/** Which direction of change is good news. */
export type Better = 'lower' | 'higher'

/** Units the renderers know how to format; anything else is shown as a bare number. */
export type Unit =
  | 'ms'
  | 'bytes'
  | 'percent'
  | 'count'
  | 'score'
  | 'ops/s'
  | 'req/s'
  | 'bytes/s'
  | 'ratio'
  | 'none'

/** `none`: not compared with the baseline (context and change-cost figures). */
export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive' | 'new' | 'none'

/**
 * What a figure is for; core decides from it what can get a verdict (users may override per id or glob).
 * - `measure` (default): the project's own figure, compared with the baseline and gated.
 * - `detail`: diagnosis (per file, per type): compared and shown when it changed, never counted.
 * - `context`: the machine and its surroundings: never regressed or improved; budgets still judged.
 * - `change-cost`: exists only relative to the baseline (bytes a returning visitor downloads again):
 *   budgetable, never compared with the baseline's own value.
 */
export type MetricRole = 'measure' | 'detail' | 'context' | 'change-cost'

/** What a plugin returns for one figure. Core adds budgets, baselines and verdicts. */
export interface MetricInput {
  /** Stable, lowercase, slash-separated: `bundle/initial-js/brotli`. A baseline is matched by id. */
  id: string
  title: string
  unit: Unit
  better: Better
  /** The figure. When omitted and `samples` are given, core uses their median. */
  value?: number
  /** One value per repetition; present for timing metrics so core can test changes statistically. */
  samples?: number[]
  /** Timing metrics depend on the machine; exact ones (sizes, counts) do not. Default: true when samples exist. */
  timing?: boolean
  /** What the figure is for (see MetricRole). Default `measure`. */
  role?: MetricRole
  /**
   * How the figure is measured, when a version of the plugin measures it differently from an earlier one
   * (`served`: gzip and brotli only for the types servers compress). A baseline figure of another method
   * is not compared with this one (verdict `inconclusive`, the reason says why); its budget still is.
   */
  method?: string
  /**
   * The parts that add up to the figure (TBT by script, initial JS by file, LCP by phase), in its unit:
   * what core diffs against the baseline's to say why a regression happened. Core keeps the largest
   * `BREAKDOWN_MAX_PARTS` and sums parts that share a key. Of a sampled metric, give the parts of the
   * sample closest to the median (the representative run).
   */
  breakdown?: BreakdownPart[]
  /**
   * Where a profiled figure's time went, call stack by call stack (a CPU profile's self time), in its
   * unit and adding up to the same figure as the breakdown: report.html draws a flame graph of it, head
   * over base. Core keeps the largest `STACKS_MAX`.
   */
  stacks?: StackPart[]
}

/** One call stack of a profile and the time spent at its innermost frame. */
export interface StackPart {
  /** Function keys from the outermost frame to the innermost (the keys the breakdown's parts use). */
  frames: string[]
  value: number
}

/** One part of a metric's breakdown. */
export interface BreakdownPart {
  /**
   * Stable across runs and commits, so head and base parts match: a script's path without its content
   * hash (`/assets/index-*.js`, the toolkit's `maskContentHash`), a package name, a phase (`load-delay`).
   */
  key: string
  /** This part's share of the figure, in the metric's unit. */
  value: number
  /** What to show when the key says too little (`Load delay · img.hero`); default the key. */
  label?: string
  /** Where it comes from in the source: `file:line` or `file`. */
  location?: string
  /**
   * When `value` is a share of a whole shared by some measure of the part's own (a module's length
   * before minification, of a compressed file): that measure. Equal on both sides, the part did not
   * change, and what its share moved by is put on the parts that did.
   */
  basis?: number
}

/** A breakdown as core keeps it: the largest parts, and what the cap left out. */
export interface Breakdown {
  /** Largest first (by absolute value), at most `BREAKDOWN_MAX_PARTS`. */
  parts: BreakdownPart[]
  /** Parts given beyond the cap: how many, and their summed value. */
  omitted?: BreakdownOmitted
}

export interface BreakdownOmitted {
  parts: number
  value: number
}

/** One part's change between the base's breakdown and the head's. */
export interface BreakdownChangePart {
  key: string
  label?: string
  location?: string
  /** The head's value; absent when the part is gone (or below the head's kept parts). */
  head?: number
  /** The base's value; absent when the part is new (or below the base's kept parts). */
  base?: number
  /**
   * head − base, an absent side counting 0; for parts with a `basis`, the shifts of unchanged parts'
   * shares are moved onto the changed parts (in proportion to their own change), so 0 when unchanged.
   */
  delta: number
  /** `new`: not in the base's complete breakdown; `gone`: not in the head's complete breakdown. */
  status: 'new' | 'gone' | 'changed' | 'unchanged'
}

/**
 * Why a regressed or over-budget metric is what it is: the head's breakdown against the base's, the
 * parts that made it worse first. Set by core (core/compare/breakdown-diff.ts), never by plugins.
 */
export interface BreakdownChange {
  /** `diff`: against the baseline's breakdown; `head`: no baseline breakdown, the head's largest parts. */
  kind: 'diff' | 'head'
  /** Largest contribution to the change first (in the direction of worse); at most `BREAKDOWN_MAX_PARTS`. */
  parts: BreakdownChangePart[]
  /** Parts left out of `parts` by the cap. */
  omitted?: number
  /** A side kept only its largest parts: a part absent there may be small rather than missing. */
  partial?: boolean
  /**
   * When a side kept only its largest parts: the change of the sum of the parts left out (head's − base's),
   * and how many the head left out. A change made of small parts shows here, not in `parts`.
   */
  rest?: { delta: number; parts: number }
  /** The base's call stacks, when both sides have them: the head's `stacks` drawn over these. */
  baseStacks?: StackPart[]
}

export interface Budget {
  max?: number
  min?: number
  status: 'ok' | 'exceeded'
  /** Where the budget came from: `config`, or `preset:<name>` (a preset's default). */
  source?: string
  /** The baseline's value against the same limit (the median of its samples; in A/B, the base timed in this job). */
  base?: {
    value: number
    status: 'ok' | 'exceeded'
    /**
     * A sampled baseline within the limit by its median whose own rounds crossed it: how many of how
     * many. From a quarter of them on, a breach now that the change did not make worse is the base's
     * noise, not the change (`known`).
     */
    roundsPast?: { past: number; of: number }
  }
  /**
   * Exceeded here and on the baseline (or within the baseline's own rounds: `base.roundsPast`), and this
   * change did not make the metric worse: "already over budget on the base branch", shown on every
   * report, not failing. Never set for absolute budgets or on
   * runs that judge every breach (pushes to the base branch, saving a baseline).
   */
  known?: boolean
}

export interface BaselineValue {
  value: number
  samples?: number[]
  commit: string | null
  /** `same-job`: measured in this run, interleaved with the change (A/B); `stored`: a saved record. */
  source?: 'same-job' | 'stored'
}

export interface Change {
  abs: number
  rel: number
  /** Confidence interval of the relative change (ratio − 1), when samples allow one. */
  ci?: [number, number]
  /** p-value of the test used (adjusted for multiple comparisons where stated). */
  p?: number
}

export interface Metric {
  id: string
  plugin: string
  title: string
  unit: Unit
  better: Better
  value: number
  samples?: number[]
  timing?: boolean
  /** Omitted for `measure`. */
  role?: MetricRole
  /** See MetricInput.method. */
  method?: string
  /**
   * The parts that add up to the figure, as the plugin measured them: parts sharing a key summed, the
   * largest `BREAKDOWN_MAX_PARTS` by absolute value, largest first.
   */
  breakdown?: BreakdownPart[]
  /** Parts of the breakdown beyond the cap: how many, and their summed value. */
  breakdownOmitted?: BreakdownOmitted
  /** See MetricInput.stacks: the largest `STACKS_MAX`, the rest summed into one. */
  stacks?: StackPart[]
  budget?: Budget
  baseline?: BaselineValue
  change?: Change
  verdict: Verdict
  /** Why the verdict is what it is, when it is not obvious (e.g. inconclusive on another CPU). */
  reason?: string
  /** Regressed or over budget, with a breakdown: which parts made it so (head against base). */
  why?: BreakdownChange
}

export type Severity = 'error' | 'warning' | 'info'

export interface Finding {
  plugin: string
  ruleId: string
  severity: Severity
  message: string
  file?: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  help?: string
  /** The rule's documentation URL (filled by core from the plugin's meta). */
  docs?: string
  /** Also reported on the baseline (same plugin, rule and file): not news of this change. */
  known?: boolean
}

export interface Artifact {
  plugin: string
  /** What it is: `html-report`, `treemap`, `json`, … */
  kind: string
  /** Relative to the output folder. */
  path: string
}

export type FindingInput = Omit<Finding, 'plugin'>
export type ArtifactInput = Omit<Artifact, 'plugin'>

/** Plain, serialisable data: what a plugin measured. Never a verdict. */
export interface PluginOutput {
  metrics?: MetricInput[]
  findings?: FindingInput[]
  artifacts?: ArtifactInput[]
  /**
   * Part of the work failed (e.g. one page of several): the plugin is marked `failed` with this message,
   * and what it did measure is still reported.
   */
  error?: string
  /**
   * Facts the next run's `derive()` needs (content hashes, a precache manifest), kept in the report under
   * the plugin's result. Plain JSON, at most 4 MB serialised.
   */
  data?: Record<string, unknown>
}

export type PluginStatus = 'ok' | 'failed' | 'skipped'

export interface PluginResult {
  name: string
  status: PluginStatus
  durationMs: number
  error?: string
  /** The plugin's `data`, for the next run's `derive()`. */
  data?: Record<string, unknown>
}

export interface HostFingerprint {
  cpuModel: string
  cores: number
  memoryBytes: number
  os: string
  arch: string
  node: string
  ci: { provider: string | null; runner: string | null }
  /** CPUs the container may use (cgroup quota / period), null when unlimited or unknown. */
  cpuQuota: number | null
  [key: string]: unknown
}

export interface Summary {
  verdict: 'pass' | 'fail'
  regressions: number
  improvements: number
  overBudget: number
  errors: number
  findings: { error: number; warning: number; info: number }
}

export interface ShardInfo {
  index: number
  total: number
}

export interface RunReport {
  schemaVersion: 1
  tool: { name: string; version: string }
  createdAt: string
  commit: string | null
  branch: string | null
  baseCommit: string | null
  host: HostFingerprint
  shard?: ShardInfo
  plugins: PluginResult[]
  metrics: Metric[]
  findings: Finding[]
  artifacts: Artifact[]
  summary: Summary
}

export interface Logger {
  debug(message: string): void
  info(message: string): void
  success(message: string): void
  warn(message: string): void
  error(message: string): void
  /** A logger whose lines are prefixed with a scope, e.g. the plugin name. */
  child(scope: string): Logger
}

export interface Progress {
  /** Replace the current status line of this plugin (e.g. "run 2/3 · /about"). */
  update(text: string): void
}

/** Which side of a comparison a plugin is measuring: the change (`head`) or, in an A/B run, its base. */
export type Side = 'head' | 'base'

/** What a plugin is given: the facts it needs, not the whole config. */
export interface PluginContext {
  /** The config file's folder (the cwd when there is none): plugins resolve their paths against it. */
  cwd: string
  /** Where this plugin writes its artifacts; created before `collect`. */
  outDir: string
  logger: Logger
  progress: Progress
  /** Aborted when the plugin's timeout passes or the user presses Ctrl-C. */
  signal: AbortSignal
  /** When the plugin's timeout ends (ms since the epoch, as `Date.now()`): budget long work against it. */
  deadline: number
  shard: ShardInfo
  /** The work units of this plugin assigned to this shard; undefined when the plugin declares none. */
  units?: string[]
  /** The side being measured; `head` except in the base half of an A/B run. */
  side: Side
  /**
   * Samples to take of each timing metric in this call (an A/B round); undefined: the plugin's own
   * default. Only set for plugins that declare `sampled: true`.
   */
  samples?: number
  /**
   * In an A/B round after the first look: the ids of the timing metrics still undecided. A plugin that
   * measures in parts (pages, flows, tasks, scenarios) may skip the parts none of whose metrics are
   * listed: their samples from the earlier rounds stand. Undefined: measure everything.
   */
  undecided?: string[]
  /** Register a child process so it is killed when the run is aborted. */
  track(child: import('node:child_process').ChildProcess): void
  /**
   * A resource kept across this plugin's calls on this side for the whole run (a browser, a server):
   * `create` runs on the first call with this key, later calls get the same value. Core disposes it at
   * the end of the run, on error, timeout and Ctrl-C (after a single call when the run calls the plugin
   * once), and after a failed call. Track its children with the `track` of `create`'s context, not
   * `ctx.track` (which ends them with the call).
   */
  keep<T>(key: string, create: (ctx: KeepContext) => Promise<KeptResource<T>>): Promise<T>
}

/** What a kept resource's `create` gets: a signal and a `track` that live as long as the resource. */
export interface KeepContext {
  /** Aborted when the resource is disposed (end of run, Ctrl-C, a failed call). */
  signal: AbortSignal
  track(child: import('node:child_process').ChildProcess): void
}

export interface KeptResource<T> {
  value: T
  /** Stops it; called once. Children tracked through the KeepContext are killed after it in any case. */
  dispose(): Promise<void> | void
}

export type UnitsContext = Pick<PluginContext, 'cwd' | 'outDir' | 'logger' | 'shard'>

export interface DeriveContext {
  cwd: string
  logger: Logger
}

export interface RuleMeta {
  /** One line: what the rule reports. */
  description: string
  /** Its documentation; default: the rule's heading in the plugin's docs page. */
  docs?: string
}

export interface PluginMeta {
  /** `perfgate:xxx` for built-ins; third-party plugins use their own prefix (`acme:xxx`). */
  name: string
  /** The plugin's documentation URL. */
  docs: string
  /** Every finding rule the plugin can report, by id. */
  rules?: Record<string, RuleMeta>
}

export interface PerfgatePlugin {
  /** `perfgate:xxx` */
  name: string
  /** Set by `definePlugin`: docs and finding rules. */
  meta?: PluginMeta
  /** Set by `definePlugin`: the validated options (read-only; `perfgate doctor` probes an `http` server block). */
  readonly options?: unknown
  /** Overrides the config's `timeout` for this plugin (ms). */
  timeout?: number
  /**
   * `collect()` may be called several times in one run, once per side and round of an A/B run, and
   * takes `ctx.samples` samples of each timing metric per call; core joins the samples and decides
   * when enough were taken.
   */
  sampled?: boolean
  /** Units of work that sharding may split (URLs, bench files). Deterministic order not required. */
  units?(ctx: UnitsContext): string[] | Promise<string[]>
  collect(ctx: PluginContext): Promise<PluginOutput> | PluginOutput
  /** Metrics that only exist relative to a baseline (e.g. the share of bytes a returning visitor re-downloads). */
  derive?(current: RunReport, baseline: RunReport, ctx: DeriveContext): PluginOutput | Promise<PluginOutput>
}
