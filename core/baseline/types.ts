import type { RunReport } from '../model/types.js'
import type { BaselineLookupError } from './errors.js'

/** The stored record(s) of one measured commit: one report, or one per shard. */
export interface BaselineEntry {
  commit: string
  reports: RunReport[]
  /** Record paths inside the store, e.g. `runs/ab/ab12….json`. */
  paths: string[]
}

export interface BaselineLookup {
  /** The record to compare against. */
  baseline: BaselineEntry | null
  /** Earlier records on the base branch, newest first, for noise (excluding `baseline`). */
  history: BaselineEntry[]
  /** The ref used, e.g. `origin/main`. */
  base: string
  mergeBase: string | null
  /** When `baseline` is null: one line saying why. */
  reason?: string
  /**
   * Set when the lookup failed rather than found nothing: the remote could not be reached, records were
   * unreadable, git failed (see core/baseline/errors.ts). Unset for "no record yet". With
   * `required: true` this error is thrown instead of returned.
   */
  failure?: BaselineLookupError
  /** What the lookup cost: bytes of packs received from the remote, git fetches made, wall time. */
  stats?: { fetchedBytes: number; fetches: number; durationMs: number }
}

export interface LookupOptions {
  /** Branch or ref to compare against; default: config, GITHUB_BASE_REF, the remote's default branch. */
  base?: string | null
  /** Default `HEAD`. */
  head?: string
  /** How many earlier records to return for noise. Default 10. */
  history?: number
  /** How many times a shallow clone may be deepened to find the merge-base. Default 4 (64+128+256+512 commits). */
  deepen?: number
  /** How many first-parent ancestors of the merge-base are searched for a record. Default 200. */
  walk?: number
  /** Throw the `failure` (a BaselineLookupError) instead of returning it (`baseline.required`). */
  required?: boolean
  /** Aborting stops the running git commands (fetches included); the lookup then ends as a failure. */
  signal?: AbortSignal
}

export interface ListedRecord {
  commit: string
  paths: string[]
  /** Committer date of the measured commit when the project repo has it, else the record's createdAt. */
  createdAt: string | null
}

export interface BaselineStore {
  readonly kind: 'git' | 'folder'
  /** e.g. "git branch perfgate-baselines on origin". */
  describe(): string
  save(reports: RunReport | RunReport[]): Promise<{ paths: string[]; storeCommit?: string }>
  /** `commit` may be any ref resolvable in the project repo, or a full sha. */
  read(commit: string): Promise<BaselineEntry | null>
  /** Newest first. */
  list(): Promise<ListedRecord[]>
  lookup(options?: LookupOptions): Promise<BaselineLookup>
  /** Keeps the records of the `keep` newest commits. */
  prune(keep: number): Promise<{ kept: number; removed: number }>
}
