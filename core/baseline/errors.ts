import { PerfgateError } from '../model/errors.js'

/**
 * Why a baseline lookup could not give a baseline although one may exist. The contract with the runner:
 * - `unknown-base`: `--base`, `baseline.base` or `GITHUB_BASE_REF` names a ref that does not exist.
 *   Always thrown by `lookup()`; a usage error (exit 2).
 * - `unreachable`: the remote or the baselines branch could not be fetched (network, permissions).
 * - `unreadable`: records exist for the nearest ancestors but none could be read (corrupt, too large).
 * - `failed`: anything else that went wrong while looking.
 * The last three are returned in `BaselineLookup.failure` (the run goes on without comparison) and
 * thrown instead when `lookup({ required: true })`; as errors they exit 3.
 * "No record yet" (a new project, a base branch never measured) is none of these: `failure` stays unset.
 */
export type BaselineFailureKind = 'unknown-base' | 'unreachable' | 'unreadable' | 'failed'

export class BaselineLookupError extends PerfgateError {
  readonly kind: BaselineFailureKind

  constructor(kind: BaselineFailureKind, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(kind === 'unknown-base' ? 'USAGE' : 'BASELINE', message, options)
    this.name = 'BaselineLookupError'
    this.kind = kind
  }
}

export function isBaselineLookupError(error: unknown): error is BaselineLookupError {
  return error instanceof BaselineLookupError
}

/** Records larger than this are skipped (and the next ancestor tried): reading one costs ~5× its size. */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024

/** The record size cap: `PERFGATE_MAX_RECORD_BYTES` when set to a positive integer, else the default. */
export function maxRecordBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PERFGATE_MAX_RECORD_BYTES)
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_RECORD_BYTES
}
