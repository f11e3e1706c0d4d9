import type { DataDocument } from '../parse/data.js'
import { isRecord } from '../parse/data.js'
import type { HeadersFile } from '../parse/headers-file.js'
import type { SourceRange } from '../rule.js'
import { patternToRegExp } from './paths.js'

/** A Cache-Control value as written in a config, with where it is. */
export interface DeclaredCacheControl {
  value: string
  range: SourceRange
}

/** What a config sends as Cache-Control for one URL path. */
export interface PolicyMatch {
  /** The effective value (several headers joined with ", "); undefined when none is sent. */
  value: string | undefined
  /** Where the value is declared, or the rule that serves the path when none is. */
  range: SourceRange
  /** The rule that applies, for messages: `location ~* \.js$`, `_headers /assets/*`. */
  where: string
  /** Whether a rule of the config sets caching for the path (not just a catch-all without headers). */
  explicit: boolean
}

/** The HTTP caching a config sets up: the values it declares, and what applies to a given path. */
export interface CachePolicy {
  source: 'nginx' | '_headers' | 'netlify.toml' | 'vercel.json'
  /** For messages: the server's name, or the file. */
  label: string
  declared: DeclaredCacheControl[]
  /** undefined when the path is not served as a file by this config (proxied, redirected). */
  resolve(path: string): PolicyMatch | undefined
}

interface HeaderRule {
  pattern: string
  regexp: RegExp
  range: SourceRange
  cacheControl: DeclaredCacheControl[]
}

function rulePolicy(
  source: CachePolicy['source'],
  label: string,
  rules: HeaderRule[],
  combine: 'join' | 'last',
): CachePolicy {
  return {
    source,
    label,
    declared: rules.flatMap((r) => r.cacheControl),
    resolve(path) {
      const matching = rules.filter((r) => r.regexp.test(path) && r.cacheControl.length > 0)
      if (matching.length === 0) return undefined
      const headers =
        combine === 'join' ? matching.flatMap((r) => r.cacheControl) : matching.at(-1)!.cacheControl.slice(-1)
      const rule = combine === 'join' ? matching[0] : matching.at(-1)!
      return {
        value: headers.map((h) => h.value).join(', '),
        range: headers[0].range,
        where: `${source} ${rule.pattern}`,
        explicit: true,
      }
    },
  }
}

/** Netlify and Cloudflare `_headers`: every matching rule's headers apply, joined. */
export function headersFilePolicy(file: HeadersFile, label: string): CachePolicy {
  const rules = file.rules.map((rule) => ({
    pattern: rule.pattern,
    regexp: patternToRegExp(rule.pattern),
    range: rule.range,
    cacheControl: rule.headers
      .filter((h) => h.name.toLowerCase() === 'cache-control')
      .map((h) => ({ value: h.value, range: h.valueRange })),
  }))
  return rulePolicy('_headers', label, rules, 'join')
}

/** netlify.toml `[[headers]] for = "/*" [headers.values]`; vercel.json `headers[{source, headers[{key, value}]}]`. */
export function dataPolicy(
  doc: DataDocument,
  kind: 'netlify.toml' | 'vercel.json',
  label: string,
): CachePolicy | undefined {
  const root = doc.value
  if (!isRecord(root) || !Array.isArray(root.headers)) return undefined
  const rules: HeaderRule[] = []
  root.headers.forEach((entry, index) => {
    if (!isRecord(entry)) return
    const pattern = kind === 'netlify.toml' ? entry.for : entry.source
    if (typeof pattern !== 'string') return
    const cacheControl: DeclaredCacheControl[] = []
    if (kind === 'netlify.toml' && isRecord(entry.values)) {
      for (const [name, value] of Object.entries(entry.values))
        if (name.toLowerCase() === 'cache-control' && typeof value === 'string')
          cacheControl.push({ value, range: doc.locate(['headers', index, 'values', name]) })
    }
    if (kind === 'vercel.json' && Array.isArray(entry.headers)) {
      entry.headers.forEach((header, h) => {
        if (
          isRecord(header) &&
          String(header.key).toLowerCase() === 'cache-control' &&
          typeof header.value === 'string'
        )
          cacheControl.push({
            value: header.value,
            range: doc.locate(['headers', index, 'headers', h, 'value']),
          })
      })
    }
    let regexp: RegExp
    try {
      regexp = patternToRegExp(pattern)
    } catch {
      return
    }
    rules.push({ pattern, regexp, range: doc.locate(['headers', index]), cacheControl })
  })
  return rulePolicy(kind, label, rules, kind === 'vercel.json' ? 'last' : 'join')
}
