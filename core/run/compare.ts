import { judge } from '../compare/judge.js'
import { exitCodeFor } from '../compare/summary.js'
import { validateUserConfig } from '../config/load.js'
import { resolveConfig } from '../config/resolve.js'
import type { UserConfig } from '../config/types.js'
import type { RunReport } from '../model/types.js'
import { redactReport } from '../security/index.js'

export interface CompareOptions {
  /** Budgets, thresholds, roles and failOn (no plugins are run); default: perfgate's defaults. */
  config?: UserConfig
  /** Earlier base-branch reports, oldest first: the run-to-run noise of single-value timings. */
  history?: RunReport[]
}

/**
 * `perfgate compare CURRENT BASELINE` in code: judges a report against a baseline report (null: the
 * first run) with a config's budgets and thresholds. Returns the judged report, redacted as every report
 * perfgate writes, and its exit code.
 */
export async function compare(
  current: RunReport,
  baseline: RunReport | null,
  options: CompareOptions = {},
): Promise<{ report: RunReport; exitCode: number }> {
  const user = validateUserConfig(options.config ?? {}, 'compare() options.config')
  const config = await resolveConfig(user, { root: process.cwd(), configFile: null })
  const report = redactReport(
    judge(current, baseline, {
      budgets: config.budgets,
      failOn: config.failOn,
      compare: config.compare,
      history: options.history ?? [],
    }),
  )
  return { report, exitCode: exitCodeFor(report.summary) }
}
