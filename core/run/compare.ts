import { judge } from '../compare/judge.js'
import { exitCodeFor } from '../compare/summary.js'
import { validateUserConfig } from '../config/load.js'
import { resolveConfig } from '../config/resolve.js'
import type { ResolvedConfig, UserConfig } from '../config/types.js'
import { PerfgateError } from '../model/errors.js'
import type { RunReport } from '../model/types.js'
import { parseReport } from '../model/validate.js'
import { addConfigSecrets, redactReport } from '../security/index.js'

export interface CompareOptions {
  /** Budgets, thresholds, roles, failOn and redact (no plugins are run); default: perfgate's defaults. */
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
  const history = (options.history ?? []).map((r, i) => checked(r, `options.history[${i}]`))
  return judgeWithConfig(
    checked(current, 'current'),
    baseline === null ? null : checked(baseline, 'baseline'),
    config,
    config.compare.history > 0 ? history.slice(-config.compare.history) : [],
  )
}

/**
 * A report judged against a baseline with a resolved config, redacted (the config's `redact` values
 * too) as every report perfgate hands out: `compare()` and `perfgate compare`.
 */
export function judgeWithConfig(
  current: RunReport,
  baseline: RunReport | null,
  config: ResolvedConfig,
  history: RunReport[],
): { report: RunReport; exitCode: number } {
  addConfigSecrets(config.redact)
  const report = redactReport(
    judge(current, baseline, {
      budgets: config.budgets,
      failOn: config.failOn,
      compare: config.compare,
      history,
    }),
  )
  return { report, exitCode: exitCodeFor(report.summary) }
}

function checked(report: unknown, what: string): RunReport {
  const parsed = parseReport(report)
  if (parsed.ok) return parsed.report
  throw new PerfgateError('INPUT_INVALID', `compare(): ${what} is not a perfgate report: ${parsed.reason}.`, {
    hint: 'Pass report.json as `perfgate run` wrote it, parsed (JSON.parse).',
  })
}
