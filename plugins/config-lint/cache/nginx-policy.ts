import type { NginxConfig, NginxDirective } from '../parse/nginx.js'
import type { CachePolicy, DeclaredCacheControl, PolicyMatch } from './policy.js'

interface Location {
  directive: NginxDirective
  modifier: '' | '=' | '^~' | '~' | '~*'
  pattern: string
  regexp?: RegExp
  children: Location[]
}

const PASSING = new Set([
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'grpc_pass',
  'return',
  'memcached_pass',
])

/** Every `server` block of a tree (inside `http`, or at the top of a file meant to be included there). */
export function serversOf(config: NginxConfig): { server: NginxDirective; http: NginxDirective[] }[] {
  const out: { server: NginxDirective; http: NginxDirective[] }[] = []
  for (const top of config.directives) {
    if (top.name === 'server' && top.block) out.push({ server: top, http: [] })
    if (top.name === 'http' && top.block)
      for (const d of top.block) if (d.name === 'server' && d.block) out.push({ server: d, http: top.block })
  }
  return out
}

/** The caching of each server of an nginx tree: which `location` serves a path and what it sends. */
export function nginxPolicies(config: NginxConfig): CachePolicy[] {
  return serversOf(config).map(({ server, http }) => {
    const name = server.block!.find((d) => d.name === 'server_name')?.args.join(' ')
    const listen = server.block!.find((d) => d.name === 'listen')?.args[0]
    const label = `server ${name && name !== '_' ? name : `listening on ${listen ?? '80'}`}`
    const locations = locationsOf(server.block!)
    const declared: DeclaredCacheControl[] = []
    const collect = (block: NginxDirective[]) => {
      for (const d of block) {
        const header = cacheControlHeader(d)
        if (header) declared.push(header)
        if (d.block && (d.name === 'location' || d.name === 'if' || d.name === 'server')) collect(d.block)
      }
    }
    collect(http.filter((d) => d.name !== 'server'))
    collect(server.block!)
    return {
      source: 'nginx',
      label,
      declared,
      resolve: (path) => resolveIn(path, [http, server.block!], locations, server),
    }
  })
}

function resolveIn(
  path: string,
  levels: NginxDirective[][],
  locations: Location[],
  server: NginxDirective,
): PolicyMatch | undefined {
  const { chain } = findLocation(locations, path)
  const blocks = [...levels, ...chain.map((l) => l.directive.block ?? [])]
  if (blocks.some((b) => b.some((d) => PASSING.has(d.name)))) return undefined
  const innermost = chain.at(-1)?.directive ?? server
  // add_header: only the innermost level that has any is used (nginx does not merge levels).
  const headerLevel = [...blocks].reverse().find((b) => b.some((d) => d.name === 'add_header'))
  const headers = (headerLevel ?? []).map(cacheControlHeader).filter((h) => h !== undefined)
  const expiresDirective = [...blocks].reverse().flatMap((b) => b.filter((d) => d.name === 'expires'))[0]
  const fromExpires = expiresDirective ? expiresToCacheControl(expiresDirective.args) : undefined
  const parts = [...(fromExpires ? [fromExpires] : []), ...headers.map((h) => h.value)]
  const where =
    chain.length > 0
      ? `location ${[chain.at(-1)!.modifier, chain.at(-1)!.pattern].filter(Boolean).join(' ')}`
      : 'server'
  return {
    value: parts.length ? parts.join(', ') : undefined,
    range: headers[0]?.range ?? (fromExpires ? expiresDirective!.range : innermost.range),
    where,
    explicit: parts.length > 0,
  }
}

function cacheControlHeader(d: NginxDirective): DeclaredCacheControl | undefined {
  if (d.name !== 'add_header' || d.args.length < 2 || d.args[0].toLowerCase() !== 'cache-control')
    return undefined
  return { value: d.args[1], range: d.argRanges[1] }
}

/** nginx's `expires` as the Cache-Control it sends (ngx_http_headers_module). */
export function expiresToCacheControl(args: string[]): string | undefined {
  const value = args[0] === 'modified' ? args[1] : args[0]
  if (value === undefined || value === 'off' || value.startsWith('@')) return undefined
  if (value === 'epoch') return 'no-cache'
  if (value === 'max') return 'max-age=315360000'
  const seconds = parseNginxTime(value)
  if (seconds === undefined) return undefined
  return seconds < 0 ? 'no-cache' : `max-age=${seconds}`
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  M: 2592000,
  y: 31536000,
}

/** `1y`, `30d`, `1h30m`, `-1`, `3600` → seconds. */
export function parseNginxTime(value: string): number | undefined {
  const negative = value.startsWith('-')
  const body = negative ? value.slice(1) : value
  if (/^\d+$/.test(body)) return (negative ? -1 : 1) * Number(body)
  const parts = body.match(/\d+(ms|s|m|h|d|w|M|y)/g)
  if (!parts || parts.join('') !== body) return undefined
  const total = parts.reduce((sum, part) => {
    const [, n, unit] = /^(\d+)(ms|s|m|h|d|w|M|y)$/.exec(part)!
    return sum + Number(n) * UNIT_SECONDS[unit]
  }, 0)
  return (negative ? -1 : 1) * Math.floor(total)
}

function locationsOf(block: NginxDirective[]): Location[] {
  const out: Location[] = []
  for (const d of block) {
    if (d.name !== 'location' || !d.block || d.args.length === 0) continue
    const [first, second] = d.args
    const modifier = (
      ['=', '^~', '~', '~*'].includes(first) && second !== undefined ? first : ''
    ) as Location['modifier']
    const pattern = modifier ? second : first
    if (pattern.startsWith('@')) continue
    let regexp: RegExp | undefined
    if (modifier === '~' || modifier === '~*') {
      try {
        regexp = new RegExp(pattern, modifier === '~*' ? 'i' : '')
      } catch {
        continue // a PCRE feature JavaScript lacks; we cannot tell what it matches
      }
    }
    out.push({ directive: d, modifier, pattern, regexp, children: locationsOf(d.block) })
  }
  return out
}

interface Found {
  /** Outermost first. */
  chain: Location[]
  /** An exact or regex match: outer regexes are not tried. */
  final: boolean
  /** The deepest prefix match was `^~`. */
  noregex: boolean
}

/**
 * nginx's location selection (ngx_http_core_find_location): an exact match wins; else the longest prefix,
 * whose nested locations are searched first (a nested exact or regex match wins); then, unless that
 * prefix is `^~`, the first matching regex of this level in file order; else the prefix.
 */
function findLocation(locations: Location[], path: string, depth = 0): Found {
  const exact = locations.find((l) => l.modifier === '=' && l.pattern === path)
  if (exact) return { chain: [exact], final: true, noregex: false }
  let longest: Location | undefined
  for (const l of locations)
    if ((l.modifier === '' || l.modifier === '^~') && path.startsWith(l.pattern))
      if (!longest || l.pattern.length > longest.pattern.length) longest = l
  let chain = longest ? [longest] : []
  let noregex = longest?.modifier === '^~'
  if (longest && longest.children.length > 0 && depth < 8) {
    const nested = findLocation(longest.children, path, depth + 1)
    if (nested.final) return { chain: [longest, ...nested.chain], final: true, noregex: false }
    if (nested.chain.length > 0) {
      chain = [longest, ...nested.chain]
      noregex = nested.noregex
    }
  }
  if (!noregex) {
    const regex = locations.find((l) => l.regexp?.test(path))
    if (regex) {
      const inner = depth < 8 ? findLocation(regex.children, path, depth + 1).chain : []
      return { chain: [regex, ...inner], final: true, noregex: false }
    }
  }
  return { chain, final: false, noregex }
}
