import type { MetricRole, PerfgatePlugin } from '../model/types.js'

export type FailOn = 'regression' | 'budget' | 'any' | 'none'

export interface BudgetInput {
  max?: number
  min?: number
  /**
   * Fail whenever the figure is over the limit, even when the baseline was over it too and this change
   * did not make it worse (size-limit's behaviour). Default: `budgetMode`. Ignored in presets.
   */
  absolute?: boolean
}

/**
 * `change` (default): a budget already exceeded on the baseline fails a pull request only when the change
 * makes that metric worse. `absolute`: the config's budgets fail whenever exceeded. Presets' budgets
 * always judge the change.
 */
export type BudgetMode = 'change' | 'absolute'

/** A named bundle of plugins and budgets; presets are only lists of plugins with options. */
export interface Preset {
  name: string
  plugins: PerfgatePlugin[]
  budgets?: Record<string, BudgetInput>
  /**
   * Per metric id or glob, as `compare.thresholds`: what its plugins' metrics count as a change (the
   * minimum effect of a noisy timing). The config's own `compare.thresholds` come after and win.
   */
  thresholds?: Record<string, ThresholdInput>
}

export interface ThresholdInput {
  /** Relative change (0.01 = 1 %) below which a change is noise. */
  rel?: number
  /** Absolute change (in the metric's unit) below which a change is noise. */
  abs?: number
}

export interface CompareInput {
  /** Exact metrics (sizes, counts): changes smaller than this are `unchanged`. */
  threshold?: ThresholdInput
  /** Per metric id or glob, overriding `threshold` (and `minEffect` for sampled metrics via `rel`). */
  thresholds?: Record<string, ThresholdInput>
  /** Sampled metrics: the smallest relative change that counts as a regression or improvement. */
  minEffect?: number
  /** False-discovery rate across all sampled metrics of one run (Benjamini–Hochberg). */
  alpha?: number
  /** How many earlier records of the base branch to read for each metric's run-to-run noise. */
  history?: number
  /**
   * Sizes (unit bytes): a change smaller than this many bytes is `unchanged`, whatever its share — so a
   * new asset hash inside a small HTML file is never a regression. Default 100.
   */
  sizeFloor?: number
  /** What a metric is for, by id or glob, overriding what its plugin says (see MetricRole). */
  roles?: Record<string, MetricRole>
}

export interface BaselineInput {
  /** `git` (default): an orphan branch of the project's remote. `folder`: a local directory. */
  store?: 'git' | 'folder'
  branch?: string
  remote?: string
  /** Folder store location, relative to the config file. */
  dir?: string
  /** The branch or ref pull requests are compared against (else GITHUB_BASE_REF, else the remote's default). */
  base?: string
  /** Fail the run (exit 3) when a baseline was expected but could not be read. Default false. */
  required?: boolean
}

/** A built-in plugin or preset by name, with options: `"host"` or `["host", { services }]` (JSON configs). */
export type NamedRef = string | [string, Record<string, unknown>]

/** Same-job A/B (`perfgate run --ab`, `--ab-dir`): how the base is built and how long sampling may go on. */
export interface AbInput {
  /** Shell command that builds the base checkout of `--ab REF` (run in its config folder). */
  build?: string
  /** Rounds a side at each look: start at `min`, add `step` while undecided, stop at `max`. Default 5, 5, 20. */
  plan?: { min: number; step: number; max: number }
  /** Wall-time budget of the A/B rounds (ms); when it runs out, sampling stops and the report says so. Default 10 minutes. */
  budgetMs?: number
}

export interface UserConfig {
  plugins?: Array<PerfgatePlugin | PerfgatePlugin[] | NamedRef | false | null | undefined>
  presets?: Array<Preset | NamedRef | false | null | undefined>
  /** Metric id or glob → `{ max }` or `{ min }`; judged on the current value alone. */
  budgets?: Record<string, BudgetInput>
  /** How the config's budgets treat a breach the baseline already had. Default `change`. */
  budgetMode?: BudgetMode
  baseline?: BaselineInput
  compare?: CompareInput
  /** Same-job A/B options. */
  ab?: AbInput
  /** What makes the run exit 1. Default `regression` (regressions and exceeded budgets). */
  failOn?: FailOn
  /** Output folder, relative to the config file. Default `.perfgate`. */
  outDir?: string
  /** Per-plugin timeout in ms. Default 10 minutes. */
  timeout?: number
  /** Extra secrets to remove from everything perfgate prints, writes, stores or posts. */
  redact?: string[]
}

export interface ResolvedBudget extends BudgetInput {
  /** Metric id or glob as written. */
  pattern: string
  /** Where it came from: `config` or `preset:<name>`. */
  source: string
}

export interface ResolvedThreshold {
  pattern: string
  /** Unset: `compare.threshold.rel` for exact metrics, `compare.minEffect` for sampled ones. */
  rel?: number
  /** Unset: `compare.threshold.abs` for exact metrics, 0 for sampled ones. */
  abs?: number
}

export interface ResolvedConfig {
  /** Folder of the config file, or the cwd when there is none. */
  root: string
  configFile: string | null
  plugins: PerfgatePlugin[]
  budgets: ResolvedBudget[]
  baseline: Required<Omit<BaselineInput, 'base' | 'required'>> & {
    base: string | null
    /** Optional only so stores can be built from a partial config in tests; resolveConfig always sets it. */
    required?: boolean
  }
  compare: {
    threshold: { rel: number; abs: number }
    thresholds: ResolvedThreshold[]
    minEffect: number
    alpha: number
    history: number
    sizeFloor: number
    roles: Array<{ pattern: string; role: MetricRole }>
  }
  ab: { build: string | null; plan: { min: number; step: number; max: number }; budgetMs: number }
  failOn: FailOn
  outDir: string
  timeout: number
  redact: string[]
}
