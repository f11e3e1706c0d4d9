import { emptySummary } from '../compare/summary.js'
import type { ResolvedConfig } from '../config/types.js'
import { append } from '../model/arrays.js'
import { errorMessage, isPerfgateError, PerfgateError } from '../model/errors.js'
import type { Logger, Metric, PerfgatePlugin, RunReport } from '../model/types.js'
import { validatePluginOutput } from '../model/validate.js'
import { redactPluginOutput } from '../security/index.js'
import { mergeReports } from './merge.js'
import { toReportEntries } from './metrics.js'

export interface BaselineOptions {
  config: ResolvedConfig
  plugins: PerfgatePlugin[]
  logger: Logger
  base?: string
  cwd: string
  signal?: AbortSignal
}

type Unsummarised = Omit<RunReport, 'summary'>

/**
 * Looks up the baseline and lets plugins derive baseline-relative metrics; judging is left to judge().
 * Any failure of the store is one warning: budgets are still judged, and the run is never lost to a
 * missing baseline.
 */
export async function prepareBaseline(
  report: Unsummarised,
  options: BaselineOptions,
): Promise<FoundBaseline & { current: Unsummarised }> {
  const { config, logger } = options
  const found = await findBaseline(config, logger, {
    base: options.base,
    cwd: options.cwd,
    signal: options.signal,
  })
  const { baseline } = found
  const current: RunReport = { ...report, findings: [...report.findings], summary: emptySummary() }
  if (baseline) current.metrics = [...current.metrics, ...(await derive(current, baseline, options))]
  const { summary: _, ...rest } = current
  return { ...found, current: rest }
}

export interface FoundBaseline {
  baseline: RunReport | null
  /** Earlier records of the base branch, for each metric's noise. */
  history: RunReport[]
  /** Why the store could not be read (remote unreachable, lookup error); absent when it was read. */
  failure?: PerfgateError
  /** The merge-base of HEAD with the base branch, when the lookup found one. */
  mergeBase?: string | null
}

/** The stored baseline for `head` (default HEAD), shards merged; a store failure is one warning, never a crash. */
export async function findBaseline(
  config: ResolvedConfig,
  logger: Logger,
  options: { base?: string; head?: string; cwd?: string; signal?: AbortSignal },
): Promise<FoundBaseline> {
  const { createBaselineStore } = await import('../baseline/index.js')
  try {
    const store = createBaselineStore(config, { logger, cwd: options.cwd })
    const lookup = await store.lookup({
      base: options.base ?? null,
      head: options.head,
      history: config.compare.history,
      signal: options.signal,
    })
    // The store could not be read (remote unreachable, records unreadable): not the same as no record yet.
    if (lookup.failure) return failed(lookup.failure, config, logger)
    if (!lookup.baseline) {
      logger.info(
        `No baseline to compare with: ${lookup.reason ?? 'no record found'}. Budgets are still judged.`,
      )
      return { baseline: null, history: [], mergeBase: lookup.mergeBase }
    }
    const history = lookup.history.map((entry) => mergeReports(entry.reports))
    logger.info(
      `Comparing with baseline ${lookup.baseline.commit.slice(0, 7)} (merge-base with ${lookup.base}; ${history.length} earlier record(s) for noise)`,
    )
    return { baseline: mergeReports(lookup.baseline.reports), history, mergeBase: lookup.mergeBase }
  } catch (error) {
    // A base ref that does not exist is the user's mistake, not the store's: say so (exit 2).
    if (isPerfgateError(error) && error.exitCode === 2) throw error
    const failure =
      error instanceof PerfgateError
        ? error
        : new PerfgateError('BASELINE', `Baseline lookup failed: ${errorMessage(error)}`, { cause: error })
    return failed(failure, config, logger)
  }
}

function failed(failure: PerfgateError, config: ResolvedConfig, logger: Logger): FoundBaseline {
  const required = config.baseline.required
  const message = `Baseline lookup failed, ${required ? 'and baseline.required is set' : 'comparison skipped'}: ${failure.message}`
  if (required) logger.error(failure.hint ? `${message}\n${failure.hint}` : message)
  else
    logger.warn(
      `${message}${failure.hint ? `\n${failure.hint}` : ''}\nSet baseline.required: true (or pass --require-baseline) to fail the run instead.`,
    )
  return { baseline: null, history: [], failure }
}

/** Metrics that only exist relative to a baseline, from plugins' derive() hooks. */
async function derive(current: RunReport, baseline: RunReport, options: BaselineOptions) {
  const derived: Metric[] = []
  const known = new Set(current.metrics.map((m) => m.id))
  for (const plugin of options.plugins) {
    if (!plugin.derive || !current.plugins.some((p) => p.name === plugin.name && p.status === 'ok')) continue
    try {
      const raw = await plugin.derive(current, baseline, {
        cwd: options.cwd,
        logger: options.logger,
      })
      const output = validatePluginOutput(plugin.name, redactPluginOutput(raw))
      const entries = toReportEntries(
        plugin.name,
        { metrics: output.metrics, findings: output.findings },
        { pluginOutDir: '', outDir: '' },
        plugin.meta,
      )
      append(
        derived,
        entries.metrics.filter((m) => !known.has(m.id)),
      )
      append(current.findings, entries.findings)
    } catch (error) {
      options.logger.warn(
        `${plugin.name}: derive() failed, its baseline-relative metrics are missing: ${errorMessage(error)}`,
      )
    }
  }
  return derived
}
