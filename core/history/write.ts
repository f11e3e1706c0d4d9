import { join, resolve } from 'node:path'
import type { ResolvedConfig } from '../config/types.js'
import { errorMessage, PerfgateError } from '../model/errors.js'
import type { Logger, RunReport } from '../model/types.js'
import { writeFileAtomic } from '../report/atomic-write.js'
import { mkdirp } from '../report/mkdirp.js'
import { commitInfo, commitLinks } from './commits.js'
import { readHistory } from './read.js'
import { renderHistory } from './render.js'
import { buildSeries } from './series.js'

export interface WriteHistoryOptions {
  /** Folder the dashboard is written to (as index.html). */
  outDir: string
  /** How many of the newest records to chart. Default 100. */
  last?: number
  /** Metric id globs. */
  metrics?: string[]
  base?: string
  /** A pull request's report, drawn as the last point. */
  current?: RunReport | null
  logger: Logger
}

export interface WrittenHistory {
  file: string
  records: number
  metrics: number
  steps: number
  notes: string[]
  bytes: number
}

export const DEFAULT_LAST = 100

/** Reads the base branch's last records and writes the dashboard, `<outDir>/index.html`. */
export async function writeHistory(
  config: Pick<ResolvedConfig, 'root' | 'baseline' | 'budgets'>,
  options: WriteHistoryOptions,
): Promise<WrittenHistory> {
  const read = await readHistory(config, {
    last: options.last ?? DEFAULT_LAST,
    base: options.base,
    logger: options.logger,
  })
  const [info, links] = await Promise.all([
    commitInfo(
      read.root,
      read.records.map((r) => r.commit),
    ),
    commitLinks(read.root, config.baseline.remote),
  ])
  const data = buildSeries(read.records, {
    metrics: options.metrics,
    budgets: config.budgets,
    current: options.current ?? null,
    links,
    info,
  })
  const html = renderHistory({
    data,
    base: read.base,
    store: read.store,
    notes: read.notes,
    reason: read.reason,
  })
  const dir = resolve(options.outDir)
  const file = join(dir, 'index.html')
  try {
    await mkdirp(dir)
    await writeFileAtomic(file, html)
  } catch (error) {
    throw new PerfgateError(
      'OUTPUT_UNWRITABLE',
      `Cannot write the history dashboard ${file}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Choose a folder you can write to with --out DIR.',
      },
    )
  }
  return {
    file,
    records: data.commits.length,
    metrics: data.metrics.length,
    steps: data.metrics.reduce((sum, s) => sum + s.steps.length, 0),
    notes: read.notes,
    bytes: Buffer.byteLength(html),
  }
}
