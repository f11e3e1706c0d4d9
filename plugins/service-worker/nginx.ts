/**
 * Just enough of nginx's config to know which Cache-Control a path gets: `server` and `location` blocks,
 * `expires` and `add_header Cache-Control`, with nginx's location choice and add_header inheritance.
 * `include` files are not followed (run `nginx -T` and pass its output to see them).
 */

interface Directive {
  name: string
  args: string[]
  line: number
  children?: Directive[]
}

/** nginx's grammar: words and quoted strings, `;` ends a directive, `{ … }` a block, `#` a comment. */
export function parseNginx(text: string): Directive[] {
  const root: Directive[] = []
  const stack: Directive[][] = [root]
  let words: string[] = []
  let wordsLine = 1
  let line = 1
  let i = 0
  const push = (word: string) => {
    if (words.length === 0) wordsLine = line
    words.push(word)
  }
  while (i < text.length) {
    const c = text[i]
    if (c === '\n') {
      line++
      i++
    } else if (/\s/.test(c)) i++
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++
    else if (c === '"' || c === "'") {
      let j = i + 1
      let word = ''
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++
        if (text[j] === '\n') line++
        word += text[j++]
      }
      push(word)
      i = j + 1
    } else if (c === ';' || c === '{') {
      const [name, ...args] = words
      const directive: Directive = { name: name ?? '', args, line: wordsLine }
      stack[stack.length - 1].push(directive)
      if (c === '{') {
        directive.children = []
        stack.push(directive.children)
      }
      words = []
      i++
    } else if (c === '}') {
      if (stack.length > 1) stack.pop()
      words = []
      i++
    } else {
      let j = i
      while (j < text.length && !/[\s;{}"'#]/.test(text[j])) j++
      push(text.slice(i, j))
      i = j
    }
  }
  return root
}

/** The Cache-Control a location (or server) block sets, with the directive's line. */
export interface CacheHeader {
  value: string
  line: number
  /** `location ~* \.js$` or `server`, for messages. */
  block: string
}

const UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  M: 2_592_000,
  y: 31_536_000,
}

/** `expires 1y` → `max-age=31536000`; `epoch` and negative times → `no-cache`; `off` → none. */
function expiresHeader(args: string[]): string | null {
  const arg = args[args.length - 1]
  if (!arg || arg === 'off') return null
  if (arg === 'epoch') return 'no-cache'
  if (arg === 'max') return 'max-age=315360000'
  let seconds = 0
  for (const [, n, unit] of arg.replace(/^[-@]/, '').matchAll(/(\d+)(ms|[smhdwMy])?/g))
    seconds += Number(n) * UNITS[unit ?? 's']
  return arg.startsWith('-') ? 'no-cache' : `max-age=${Math.round(seconds)}`
}

interface Location {
  modifier: '' | '=' | '^~' | '~' | '~*'
  pattern: string
  children: Directive[]
  label: string
}

function locationsOf(block: Directive[]): Location[] {
  return block.flatMap((d) => {
    if (d.name !== 'location' || !d.children) return []
    const [first, second] = d.args
    const modifier = (['=', '^~', '~', '~*'].includes(first) ? first : '') as Location['modifier']
    const pattern = modifier ? second : first
    if (!pattern || pattern.startsWith('@')) return []
    return [{ modifier, pattern, children: d.children, label: `location ${d.args.join(' ')}` }]
  })
}

/** nginx's choice: an exact match; else the longest prefix, unless `^~`, yields to the first matching regex. */
function chooseLocation(locations: Location[], path: string): Location | null {
  const exact = locations.find((l) => l.modifier === '=' && l.pattern === path)
  if (exact) return exact
  const prefixes = locations
    .filter((l) => (l.modifier === '' || l.modifier === '^~') && path.startsWith(l.pattern))
    .sort((a, b) => b.pattern.length - a.pattern.length)
  if (prefixes[0]?.modifier === '^~') return prefixes[0]
  const regex = locations.find((l) => {
    if (l.modifier !== '~' && l.modifier !== '~*') return false
    try {
      return new RegExp(l.pattern, l.modifier === '~*' ? 'i' : '').test(path)
    } catch {
      return false
    }
  })
  return regex ?? prefixes[0] ?? null
}

/**
 * The Cache-Control headers each server block of the config sends for `path`: `add_header Cache-Control`
 * from the innermost level that has any add_header (nginx inherits add_header only into levels without
 * one), and `expires` from the innermost level that sets it (inherited on its own). Both apply.
 */
export function nginxCacheHeaders(config: Directive[], path: string): CacheHeader[][] {
  const http = config.find((d) => d.name === 'http')?.children ?? []
  const servers = [...config, ...http].filter((d) => d.name === 'server')
  return servers.map((server) => {
    const chain: Array<{ block: Directive[]; label: string }> = [
      { block: http, label: 'http' },
      { block: server.children ?? [], label: 'server' },
    ]
    let current = server.children ?? []
    for (;;) {
      const location = chooseLocation(locationsOf(current), path)
      if (!location) break
      chain.push({ block: location.children, label: location.label })
      current = location.children
    }
    const inner = [...chain].reverse()
    const headers: CacheHeader[] = []
    const adding = inner.find((level) => level.block.some((d) => d.name === 'add_header'))
    for (const d of adding?.block ?? [])
      if (d.name === 'add_header' && d.args[0]?.toLowerCase() === 'cache-control')
        headers.push({ value: d.args[1] ?? '', line: d.line, block: adding?.label ?? '' })
    const expiring = inner.find((level) => level.block.some((d) => d.name === 'expires'))
    const expires = expiring?.block.filter((d) => d.name === 'expires').pop()
    const value = expires ? expiresHeader(expires.args) : null
    if (expires && value) headers.push({ value, line: expires.line, block: expiring?.label ?? '' })
    return headers
  })
}
