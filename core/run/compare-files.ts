import type { ResolvedConfig } from '../config/types.js'
import type { Logger, RunReport } from '../model/types.js'
import { findBaseline } from './baseline.js'
import { applyBudgets } from './budgets.js'
import { readReportFile } from './files.js'
import { exitCodeFor, summarize } from './summary.js'

export interface CompareFilesOptions {
  config: ResolvedConfig
  logger: Logger
  current: string
  /** A baseline report file; without it the baseline is looked up in the store for the report's commit. */
  baseline?: string
  base?: string
}

/** `perfgate compare`: judges a saved report against a baseline file or the stored baseline. */
export async function compareFiles(
  options: CompareFilesOptions,
): Promise<{ report: RunReport; exitCode: number }> {
  const { config, logger } = options
  const current = await readReportFile(options.current)
  const { baseline, history } = options.baseline
    ? { baseline: await readReportFile(options.baseline), history: [] }
    : await findBaseline(config, logger, { base: options.base, head: current.commit ?? undefined })
  const { compareReports } = await import('../compare/index.js')
  const compared = compareReports(current, baseline, history, config.compare)
  const judged = { ...compared, metrics: applyBudgets(compared.metrics, config.budgets) }
  const report: RunReport = { ...judged, summary: summarize(judged, config.failOn) }
  return { report, exitCode: exitCodeFor(report.summary) }
}
