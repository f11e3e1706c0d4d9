import { randomUUID } from 'node:crypto'
import { NetworkTimeoutError, networkTimeoutMs } from '../model/network-timeout.js'
import type { Logger } from '../model/types.js'

export interface ClientOptions {
  token: string
  /** REST API root (`GITHUB_API_URL` on GitHub Enterprise Server). */
  baseUrl: string
  logger: Logger
  /** Longest wait for a primary rate limit to reset before giving up, in seconds. */
  maxRateLimitWait?: number
  /** Limit per request, answer included; default PERFGATE_NETWORK_TIMEOUT, else 120 s. */
  timeoutMs?: number
}

/** Rate-limit retries are capped: a job stuck behind an exhausted limit should fail, not hang for an hour. */
const SECONDARY_LIMIT_RETRIES = 2
const DEFAULT_MAX_RATE_LIMIT_WAIT = 600

/**
 * Octokit with GitHub's documented etiquette: 5xx retried with backoff (plugin-retry), primary and
 * secondary rate limits waited out as `retry-after` / `x-ratelimit-reset` say, and writes paced one at a
 * time a second apart (plugin-throttling). Loaded lazily so the CLI starts fast.
 */
export async function createGitHubClient(options: ClientOptions) {
  const [{ Octokit }, { retry }, { throttling }, { paginateRest }, { restEndpointMethods }] =
    await Promise.all([
      import('@octokit/core'),
      import('@octokit/plugin-retry'),
      import('@octokit/plugin-throttling'),
      import('@octokit/plugin-paginate-rest'),
      import('@octokit/plugin-rest-endpoint-methods'),
    ])
  const { logger } = options
  const maxWait = options.maxRateLimitWait ?? DEFAULT_MAX_RATE_LIMIT_WAIT
  const GitHub = Octokit.plugin(retry, throttling, paginateRest, restEndpointMethods)
  return new GitHub({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'perfgate',
    request: { fetch: timedFetch(options.timeoutMs ?? networkTimeoutMs()) },
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
    throttle: {
      // plugin-throttling paces writes per id across the process; one id per client keeps two publishes
      // (tests, or `run --publish` beside `publish`) from queueing behind each other's notification pacing.
      id: `perfgate-${randomUUID()}`,
      onRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        if (retryCount > 0 || retryAfter > maxWait) {
          logger.warn(
            `GitHub API rate limit reached for ${request.method} ${request.url}; not waiting ${retryAfter} s.`,
          )
          return false
        }
        logger.warn(`GitHub API rate limit reached; waiting ${retryAfter} s as GitHub asks.`)
        return true
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        if (retryCount >= SECONDARY_LIMIT_RETRIES || retryAfter > maxWait) {
          logger.warn(`GitHub API secondary rate limit for ${request.method} ${request.url}; giving up.`)
          return false
        }
        logger.warn(`GitHub API secondary rate limit; retrying after ${retryAfter} s as GitHub asks.`)
        return true
      },
    },
  })
}

export type GitHubClient = Awaited<ReturnType<typeof createGitHubClient>>

/**
 * fetch with a deadline per request: an API that accepts the connection and never answers must not hold
 * the job. The error names the request and the fix. It is named AbortError on purpose: @octokit/request
 * then passes it on as it is, rather than as a RequestError 500 that plugin-retry would send three more
 * times (each waiting out the same limit).
 */
function timedFetch(timeoutMs: number): typeof fetch {
  return async (input, init = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline
    try {
      return await fetch(input, { ...init, signal })
    } catch (error) {
      if (!deadline.aborted) throw error
      const url = input instanceof Request ? input.url : String(input)
      const timeout = new NetworkTimeoutError(
        'GITHUB',
        `GitHub API request ${init.method ?? 'GET'} ${url}`,
        timeoutMs,
        'Check that GitHub (GITHUB_API_URL) is reachable from this runner',
      )
      timeout.name = 'AbortError'
      throw timeout
    }
  }
}
