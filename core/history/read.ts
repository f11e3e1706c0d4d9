import { createBaselineStore } from '../baseline/index.js'
import { defaultBranch, findRepoRoot, refExists, remoteUrl } from '../baseline/project.js'
import type { ResolvedConfig } from '../config/types.js'
import type { Logger, Metric, RunReport } from '../model/types.js'

/** One measured commit of the base branch, its shards joined. */
export interface HistoryRecord {
  commit: string
  createdAt: string
  host: RunReport['host']
  metrics: Metric[]
}

export interface HistoryRead {
  /** Oldest first. */
  records: HistoryRecord[]
  /** What the store warned about while reading: records skipped because they do not parse, and why. */
  notes: string[]
  /** The base ref the records follow, e.g. `origin/main`. */
  base: string
  /** e.g. "git branch perfgate-baselines on origin". */
  store: string
  /** When there are no records: why. */
  reason?: string
  root: string | null
}

export interface ReadHistoryOptions {
  /** How many records, newest first, to read. */
  last: number
  /** Branch whose records to follow; default as a pull request's lookup picks it. */
  base?: string
  logger: Logger
}

/**
 * The last N records of the base branch, read through the baseline store's own lookup: it walks the
 * branch's first-parent history from its tip and reads only the records it needs. The store's warnings
 * (a record that does not parse is skipped with one) are kept to show on the page.
 */
export async function readHistory(
  config: Pick<ResolvedConfig, 'root' | 'baseline'>,
  options: ReadHistoryOptions,
): Promise<HistoryRead> {
  const notes: string[] = []
  const logger = noting(options.logger, notes)
  const store = createBaselineStore(config, { logger })
  const root = await findRepoRoot(config.root)
  const requested = options.base ?? config.baseline.base ?? (process.env.GITHUB_BASE_REF || null)
  const head = root ? await branchTip(root, config.baseline.remote, requested) : undefined
  const lookup = await store.lookup({
    base: requested,
    head,
    history: Math.max(0, options.last - 1),
    walk: Math.max(200, options.last * 4),
  })
  const entries = lookup.baseline ? [lookup.baseline, ...lookup.history] : []
  const records = entries.reverse().map((entry) => joinShards(entry.commit, entry.reports))
  return {
    records,
    notes,
    base: lookup.base,
    store: store.describe(),
    root,
    ...(records.length === 0 ? { reason: lookup.reason ?? 'no records' } : {}),
  }
}

/** The base branch's tip: the remote-tracking branch when there is one, else the local ref. */
async function branchTip(
  root: string,
  remote: string,
  requested: string | null,
): Promise<string | undefined> {
  const hasRemote = (await remoteUrl(root, remote)) !== null
  const name = requested || (await defaultBranch(root, remote, hasRemote))
  const prefix = `${remote}/`
  const tracking = name.startsWith(prefix) ? name : `${prefix}${name}`
  if (hasRemote && (await refExists(root, `refs/remotes/${tracking}`))) return tracking
  if (await refExists(root, name)) return name
  // Not here yet (a single-branch CI clone): the lookup fetches the base and starts from HEAD's merge-base.
  return undefined
}

/** A commit's shard reports as one record: metrics joined by id (the first shard's wins). */
function joinShards(commit: string, reports: RunReport[]): HistoryRecord {
  const seen = new Set<string>()
  const metrics: Metric[] = []
  for (const report of reports)
    for (const metric of report.metrics)
      if (!seen.has(metric.id)) {
        seen.add(metric.id)
        metrics.push(metric)
      }
  const createdAt =
    reports
      .map((r) => r.createdAt)
      .sort()
      .at(-1) ?? ''
  return { commit, createdAt, host: reports[0].host, metrics }
}

/** The caller's logger, with every warning also kept as a note. */
function noting(logger: Logger, notes: string[]): Logger {
  return {
    debug: (m) => logger.debug(m),
    info: (m) => logger.info(m),
    success: (m) => logger.success(m),
    warn: (m) => {
      notes.push(m)
      logger.warn(m)
    },
    error: (m) => logger.error(m),
    child: (scope) => noting(logger.child(scope), notes),
  }
}
