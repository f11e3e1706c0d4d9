import { PerfgateError, type PerfgateErrorCode } from './errors.js'

/**
 * How long one network call (a git fetch or push, a GitHub API request) may take before it is stopped:
 * a remote that never answers must not hold a CI job until its own time limit.
 */
export const NETWORK_TIMEOUT_VARIABLE = 'PERFGATE_NETWORK_TIMEOUT'

/** Default limit per call: generous for a large fetch on a slow runner, far short of a job's limit. */
export const DEFAULT_NETWORK_TIMEOUT_MS = 120_000

/** `PERFGATE_NETWORK_TIMEOUT` (milliseconds) when it is a positive number, else `fallback`. */
export function networkTimeoutMs(
  env: NodeJS.ProcessEnv = process.env,
  fallback = DEFAULT_NETWORK_TIMEOUT_MS,
): number {
  const value = Number(env[NETWORK_TIMEOUT_VARIABLE])
  return env[NETWORK_TIMEOUT_VARIABLE] && Number.isFinite(value) && value > 0 ? value : fallback
}

function seconds(ms: number): string {
  const s = ms / 1000
  return `${Number.isInteger(s) || s >= 10 ? Math.round(s) : s.toFixed(1)} s`
}

/** A network call that got no answer in time; it was stopped (for git: its whole process group). */
export class NetworkTimeoutError extends PerfgateError {
  readonly timeoutMs: number

  /**
   * `what`: the operation and the remote or URL, e.g. "git fetch of branch perfgate-baselines from
   * origin (https://github.com/acme/shop.git)". `check`: what to look at first, before raising the limit.
   */
  constructor(code: PerfgateErrorCode, what: string, timeoutMs: number, check: string) {
    super(code, `${what}: no answer within ${seconds(timeoutMs)}, stopped.`, {
      hint: `${check}; if it is only slow, allow more time with ${NETWORK_TIMEOUT_VARIABLE}=<milliseconds> (now ${timeoutMs}).`,
    })
    this.name = 'NetworkTimeoutError'
    this.timeoutMs = timeoutMs
  }
}

export function isNetworkTimeout(error: unknown): error is NetworkTimeoutError {
  return error instanceof NetworkTimeoutError
}
