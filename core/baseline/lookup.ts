import { errorMessage } from '../model/errors.js'
import type { Logger } from '../model/types.js'
import {
  type AncestryContext,
  describeMissing,
  findMergeBase,
  resolveBase,
  walkForRecords,
} from './ancestry.js'
import { resolveCommit } from './project.js'
import type { BaselineEntry, BaselineLookup, LookupOptions } from './types.js'

/** The lookup both stores share; they differ only in how records are listed and read. */

export interface RecordSource {
  /** e.g. "git branch perfgate-baselines on origin". */
  describe(): string
  /** Record paths by commit, or why there are none to read. */
  index(): Promise<{ records: Map<string, string[]> } | { reason: string }>
  /** Entries of these commits; an unreadable one is null (and was warned about). */
  read(wanted: Array<{ commit: string; paths: string[] }>): Promise<Map<string, BaselineEntry | null>>
}

export interface LookupContext {
  root: string
  remote: string
  hasRemote: boolean
  /** config.baseline.base */
  configuredBase: string | null
  logger: Logger
}

const DEFAULT_HISTORY = 10
const DEFAULT_WALK = 200
const DEFAULT_DEEPEN = 4

export async function lookupInRepo(
  context: LookupContext,
  source: RecordSource,
  options: LookupOptions = {},
): Promise<BaselineLookup> {
  const ctx: AncestryContext = context
  const history = Math.max(0, options.history ?? DEFAULT_HISTORY)
  const bound = Math.max(1, options.walk ?? DEFAULT_WALK)
  // The record index is fetched while the project's history is examined.
  const indexing = source.index().catch((error: unknown) => ({ reason: errorMessage(error) }))

  const requested = options.base ?? context.configuredBase ?? (process.env.GITHUB_BASE_REF || null)
  const base = await resolveBase(ctx, requested)
  const none = (reason: string, mergeBase: string | null = null): BaselineLookup => ({
    baseline: null,
    history: [],
    base: base.ref,
    mergeBase,
    reason,
  })
  if (!base.ok) {
    await indexing
    return none(base.reason)
  }
  const head = options.head ?? 'HEAD'
  if (!(await resolveCommit(context.root, head))) {
    await indexing
    return none(`${head} does not name a commit in ${context.root} (no commits yet?)`)
  }
  const [mergeBase, index] = await Promise.all([
    findMergeBase(ctx, head, base.value, options.deepen ?? DEFAULT_DEEPEN),
    indexing,
  ])
  if (!mergeBase.ok) return none(mergeBase.reason)
  if ('reason' in index) return none(index.reason, mergeBase.value)
  const records = index.records
  if (records.size === 0) {
    return none(`no baseline records yet in ${source.describe()}`, mergeBase.value)
  }

  const walk = await walkForRecords(ctx, base.value, mergeBase.value, bound, (commit) => records.has(commit))
  const candidates = walk.filter((commit) => records.has(commit))
  const entries: BaselineEntry[] = []
  let next = 0
  // Read only what is needed; unreadable records are skipped, so read again until enough or none left.
  while (entries.length < history + 1 && next < candidates.length) {
    const batch = candidates.slice(next, next + history + 1 - entries.length)
    next += batch.length
    const read = await source.read(batch.map((commit) => ({ commit, paths: records.get(commit)! })))
    for (const commit of batch) {
      const entry = read.get(commit)
      if (entry) entries.push(entry)
    }
  }
  const [baseline = null, ...older] = entries
  const lookup: BaselineLookup = { baseline, history: older, base: base.ref, mergeBase: mergeBase.value }
  if (!baseline) {
    lookup.reason =
      candidates.length > 0
        ? `the baseline records of the nearest ancestors of ${mergeBase.value.slice(0, 12)} are unreadable (see warnings)`
        : describeMissing(mergeBase.value, walk.length, source.describe())
  }
  return lookup
}
