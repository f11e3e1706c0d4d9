import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { FindingInput } from '../../core/model/types.js'
import { errorMessage } from '../../core/toolkit/index.js'
import { nginxCacheHeaders, parseNginx } from './nginx.js'

/** A file that must revalidate on every visit, or a returning visitor keeps an old worker or shell. */
export interface HeaderTarget {
  /** URL path, e.g. `/sw.js`. */
  path: string
  what: string
  severity: 'error' | 'warning'
}

export interface CacheControl {
  maxAge: number | null
  immutable: boolean
}

/** `max-age` or `s-maxage` (a CDN keeps the old copy as long as the larger says), and `immutable`. */
export function parseCacheControl(value: string): CacheControl {
  let maxAge: number | null = null
  let immutable = false
  for (const part of value.split(',')) {
    const [name, raw] = part.trim().toLowerCase().split('=')
    if (name === 'immutable') immutable = true
    if ((name === 'max-age' || name === 's-maxage') && raw !== undefined) {
      const seconds = Number(raw.replace(/"/g, ''))
      if (Number.isFinite(seconds)) maxAge = Math.max(maxAge ?? 0, seconds)
    }
  }
  return { maxAge, immutable }
}

function tooLong(header: string, limit: number): string | null {
  const cc = parseCacheControl(header)
  if (cc.immutable) return '`immutable`'
  if (cc.maxAge !== null && cc.maxAge > limit) return `max-age ${cc.maxAge} s (over ${limit} s)`
  return null
}

const HELP =
  'Serve the worker, index.html and the web manifest with `Cache-Control: no-cache` (or max-age=0); keep long max-age and immutable for hashed assets only.'

/** Live check: one GET per target at the given URL. An unreachable URL is one warning, not a failure. */
export async function checkLiveHeaders(
  base: string,
  targets: HeaderTarget[],
  limit: number,
  signal: AbortSignal,
): Promise<FindingInput[]> {
  const findings: FindingInput[] = []
  for (const target of targets) {
    const url = new URL(target.path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`).href
    let header: string | null
    try {
      const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) })
      header = response.headers.get('cache-control')
      await response.body?.cancel()
    } catch (error) {
      signal.throwIfAborted()
      findings.push({
        ruleId: 'service-worker/url-unreachable',
        severity: 'warning',
        message: `Could not check the headers of ${url}: ${errorMessage(error)}.`,
        help: 'Start the server before perfgate runs, or fix the `url` option; the header checks were skipped.',
      })
      return findings
    }
    const problem = header ? tooLong(header, limit) : null
    if (problem)
      findings.push({
        ruleId: 'service-worker/long-cache-header',
        severity: target.severity,
        message: `${url} (${target.what}) is served with ${problem} ("Cache-Control: ${header}"): returning visitors keep the old one.`,
        help: HELP,
      })
  }
  return findings
}

interface HeaderRule {
  pattern: RegExp
  source: string
  value: string
  line: number
}

/** Netlify / Cloudflare Pages `_headers`: a path pattern line, then indented `Name: value` lines. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = []
  let current: { pattern: RegExp; source: string } | null = null
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*(#|$)/.test(raw)) return
    if (!/^\s/.test(raw)) {
      const source = raw.trim()
      current = source.startsWith('/') ? { source, pattern: pathPattern(source) } : null
      return
    }
    const header = raw.trim().match(/^cache-control\s*:\s*(.+)$/i)
    if (current && header) rules.push({ ...current, value: header[1], line: i + 1 })
  })
  return rules
}

function pathPattern(source: string): RegExp {
  const path = source.replace(/^https?:\/\/[^/]+/, '')
  const body = path
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) =>
      part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${body}$`)
}

/** Static check of a `_headers` file (Netlify, Cloudflare Pages); all matching rules apply, as on those hosts. */
export function checkHeadersFile(
  text: string,
  fileLabel: string,
  targets: HeaderTarget[],
  limit: number,
): FindingInput[] {
  const rules = parseHeadersFile(text)
  const findings: FindingInput[] = []
  for (const target of targets) {
    const matching = rules.filter((r) => r.pattern.test(target.path))
    // Values of one header from several rules are joined, as both hosts do.
    const combined = matching.map((r) => r.value).join(', ')
    const problem = combined ? tooLong(combined, limit) : null
    if (!problem) continue
    const culprit = matching.find((r) => tooLong(r.value, limit)) ?? matching[0]
    findings.push({
      ruleId: 'service-worker/long-cache-header',
      severity: target.severity,
      message: `${fileLabel} serves ${target.path} (${target.what}) with ${problem}: rule "${culprit.source}" → "Cache-Control: ${culprit.value}". Returning visitors keep the old one.`,
      file: fileLabel,
      line: culprit.line,
      help: HELP,
    })
  }
  return findings
}

/** Static check of an nginx config: the location nginx would choose for each target, in every server block. */
export function checkNginxConfig(
  text: string,
  fileLabel: string,
  targets: HeaderTarget[],
  limit: number,
): FindingInput[] {
  const config = parseNginx(text)
  const findings: FindingInput[] = []
  for (const target of targets) {
    for (const headers of nginxCacheHeaders(config, target.path)) {
      const problem = headers.length ? tooLong(headers.map((h) => h.value).join(', '), limit) : null
      if (!problem) continue
      const culprit = headers.find((h) => tooLong(h.value, limit)) ?? headers[0]
      findings.push({
        ruleId: 'service-worker/long-cache-header',
        severity: target.severity,
        message: `${fileLabel} serves ${target.path} (${target.what}) with ${problem}: ${culprit.block} → "Cache-Control: ${culprit.value}". Returning visitors keep the old one.`,
        file: fileLabel,
        line: culprit.line,
        help: `${HELP} In nginx, an exact \`location = /sw.js\` block wins over any regex location.`,
      })
      break
    }
  }
  return findings
}

/** `_headers` by its name, anything else as an nginx config. Unreadable files are reported by the caller. */
export async function checkServerConfig(
  path: string,
  fileLabel: string,
  targets: HeaderTarget[],
  limit: number,
): Promise<FindingInput[] | null> {
  const text = await readFile(path, 'utf8').catch(() => null)
  if (text === null) return null
  return basename(path) === '_headers'
    ? checkHeadersFile(text, fileLabel, targets, limit)
    : checkNginxConfig(text, fileLabel, targets, limit)
}
