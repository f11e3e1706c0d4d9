import { errorMessage } from '../model/errors.js'
import { isNetworkTimeout } from '../model/network-timeout.js'
import type { Logger } from '../model/types.js'
import {
  type AncestryContext,
  describeMissing,
  findMergeBase,
  resolveBase,
  walkForRecords,
} from './ancestry.js'
import { type BaselineFailureKind, BaselineLookupError, isBaselineLookupError } from './errors.js'
import { resolveCommit } from './project.js'
import type { BaselineEntry, BaselineLookup, LookupOptions } from './types.js'

/** The lookup both stores share; they differ only in how records are listed and read. */

export interface RecordSource {
  /** e.g. "git branch perfgate-baselines on origin". */
  describe(): string
  /** Record paths by commit, or why there are none to read (`failure` when that is an error, not "none yet"). */
  index(): Promise<
    { records: Map<string, string[]> } | { reason: string; failure?: BaselineFailureKind; hint?: string }
  >
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

/**
 * The lookup with its failure contract applied (core/baseline/errors.ts): an unknown requested base is
 * thrown; other failures are returned in `failure`, or thrown with `required`.
 */
export async function lookupInRepo(
  context: LookupContext,
  source: RecordSource,
  options: LookupOptions = {},
): Promise<BaselineLookup> {
  let result: BaselineLookup
  try {
    result = await lookupUnchecked(context, source, options)
  } catch (error) {
    if (isBaselineLookupError(error)) throw error
    // A remote that did not answer in time (the merge-base fetch, a record's blob) is unreachable, and
    // the timeout's hint says how to give it longer.
    const timeout = isNetworkTimeout(error)
    const failure = timeout
      ? new BaselineLookupError('unreachable', `No baseline could be read: ${error.message}`, {
          cause: error,
          hint: error.hint,
        })
      : new BaselineLookupError('failed', `baseline lookup failed: ${errorMessage(error)}`, {
          cause: error,
        })
    result = { baseline: null, history: [], base: '', mergeBase: null, reason: failure.message, failure }
  }
  return settle(result, options)
}

/** Throws the failure when the caller requires a baseline. */
export function settle(result: BaselineLookup, options: LookupOptions): BaselineLookup {
  if (options.required && result.failure) throw result.failure
  return result
}

/** A lookup result that is a failure of `kind`. */
export function failed(
  kind: BaselineFailureKind,
  reason: string,
  fields: Partial<BaselineLookup> = {},
  hint?: string,
): BaselineLookup {
  return {
    baseline: null,
    history: [],
    base: '',
    mergeBase: null,
    ...fields,
    reason,
    failure: new BaselineLookupError(kind, `No baseline could be read: ${reason}`, {
      hint:
        hint ??
        (kind === 'unreachable'
          ? 'Check that the remote is reachable and that the job may fetch from it.'
          : 'Run with --debug for details; set baseline.required: false to pass without a comparison.'),
    }),
  }
}

async function lookupUnchecked(
  context: LookupContext,
  source: RecordSource,
  options: LookupOptions,
): Promise<BaselineLookup> {
  const ctx: AncestryContext = { ...context, signal: options.signal }
  const history = Math.max(0, options.history ?? DEFAULT_HISTORY)
  const bound = Math.max(1, options.walk ?? DEFAULT_WALK)
  // The record index is fetched while the project's history is examined.
  const indexing = source.index().catch((error: unknown) => ({
    reason: errorMessage(error),
    failure: (isNetworkTimeout(error) ? 'unreachable' : 'failed') as BaselineFailureKind,
    hint: isNetworkTimeout(error) ? error.hint : undefined,
  }))

  // Should examining the history throw (a fetch that timed out), the index fetch is waited for first:
  // the store then removes no scratch repository still in use.
  const afterIndexing = async (error: unknown): Promise<never> => {
    await indexing
    throw error
  }

  const requested = options.base ?? context.configuredBase ?? (process.env.GITHUB_BASE_REF || null)
  const base = await resolveBase(ctx, requested).catch(afterIndexing)
  const none = (
    reason: string,
    mergeBase: string | null = null,
    failure?: BaselineFailureKind,
    hint?: string,
  ): BaselineLookup =>
    failure
      ? failed(failure, reason, { base: base.ref, mergeBase }, hint)
      : { baseline: null, history: [], base: base.ref, mergeBase, reason }
  if (!base.ok) {
    await indexing
    if (base.unreachable) return none(base.reason, null, 'unreachable')
    if (requested)
      throw new BaselineLookupError('unknown-base', `${base.reason.replace(/^base/, 'Base')}.`, {
        hint: `Check the branch name given by ${requestedFrom(options, context)}; it must exist on the remote or locally.`,
      })
    return none(base.reason, null, 'failed')
  }
  const head = options.head ?? 'HEAD'
  if (!(await resolveCommit(context.root, head))) {
    await indexing
    return none(`${head} does not name a commit in ${context.root} (no commits yet?)`, null, 'failed')
  }
  const [mergeBase, index] = await Promise.all([
    findMergeBase(ctx, head, base.value, options.deepen ?? DEFAULT_DEEPEN).catch(afterIndexing),
    indexing,
  ])
  if (!mergeBase.ok) return none(mergeBase.reason, null, 'failed')
  if ('reason' in index) return none(index.reason, mergeBase.value, index.failure, index.hint)
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
    if (candidates.length > 0)
      return none(
        `the baseline records of the nearest ancestors of ${mergeBase.value.slice(0, 12)} are unreadable (see warnings)`,
        mergeBase.value,
        'unreadable',
      )
    lookup.reason = describeMissing(mergeBase.value, walk.length, source.describe())
  }
  return lookup
}

function requestedFrom(options: LookupOptions, context: LookupContext): string {
  if (options.base) return '--base'
  if (context.configuredBase) return 'baseline.base in the config'
  return 'GITHUB_BASE_REF'
}
