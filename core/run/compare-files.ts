import type { ResolvedConfig } from '../config/types.js'
import type { Logger, RunReport } from '../model/types.js'
import { findBaseline } from './baseline.js'
import { judgeWithConfig } from './compare.js'
import { readReportFile } from './files.js'

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
  return judgeWithConfig(current, baseline, config, history)
}
