import type { FindingInput } from '../../../core/model/types.js'
import type { CachePolicy } from '../cache/policy.js'
import { type LintRuleSet, lintLive } from '../lint.js'
import { URL_UNREACHABLE } from '../rules/redis-unreachable.js'

const CACHE_RULES = new Set(['cache/html-short-ttl', 'cache/hashed-immutable', 'cache/directive-validity'])

/**
 * Checks the Cache-Control a live server sends for each URL with the caching rules, as if the URL were
 * one rule of a config. HTML responses count as documents whatever their path. A URL that does not
 * answer is one finding.
 */
export async function checkUrls(
  urls: string[],
  rules: LintRuleSet,
  signal: AbortSignal,
): Promise<FindingInput[]> {
  const cacheRules = rules.filter((r) => CACHE_RULES.has(r.rule.meta.id))
  const findings: FindingInput[] = []
  for (const url of urls) {
    let response: Response
    try {
      response = await fetch(url, {
        redirect: 'follow',
        signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
      })
      await response.body?.cancel()
    } catch (error) {
      const rule = rules.find((r) => r.rule.meta.id === URL_UNREACHABLE.meta.id)
      if (rule)
        findings.push({
          ruleId: URL_UNREACHABLE.meta.id,
          severity: rule.severity,
          message: `${url} did not answer (${(error as Error).message}), so its caching headers were not checked.`,
          docs: URL_UNREACHABLE.meta.docs.url,
        })
      continue
    }
    const value = response.headers.get('cache-control') ?? undefined
    const html = /text\/html/i.test(response.headers.get('content-type') ?? '')
    const { pathname } = new URL(response.url || url)
    const path = html && !pathname.endsWith('/') && !/\.html?$/.test(pathname) ? `${pathname}/` : pathname
    const range = { file: url, line: 1, column: 1, endLine: 1, endColumn: 1 }
    const policy: CachePolicy = {
      source: '_headers',
      label: `HTTP ${response.status}`,
      declared: value === undefined ? [] : [{ value, range }],
      resolve: () => ({ value, range, where: 'the server', explicit: value !== undefined }),
    }
    findings.push(...lintLive(cacheRules, url, (v) => v.cachePolicy?.(policy), { builtFiles: [path] }))
  }
  return findings
}
