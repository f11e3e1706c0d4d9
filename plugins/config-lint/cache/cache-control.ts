/** One directive of a Cache-Control value; offsets into the value for pointing at it. */
export interface CacheDirective {
  name: string
  value?: string
  start: number
  end: number
}

/** RFC 9111 §5.2.2 response directives, RFC 8246 (immutable) and RFC 5861 (stale-*): name → takes a value. */
export const RESPONSE_DIRECTIVES: Record<string, 'seconds' | 'none' | 'optional-fields'> = {
  'max-age': 'seconds',
  's-maxage': 'seconds',
  'no-cache': 'optional-fields',
  'no-store': 'none',
  'no-transform': 'none',
  'must-revalidate': 'none',
  'proxy-revalidate': 'none',
  'must-understand': 'none',
  private: 'optional-fields',
  public: 'none',
  immutable: 'none',
  'stale-while-revalidate': 'seconds',
  'stale-if-error': 'seconds',
}

/** Splits a Cache-Control value at commas outside quotes; names lowercased, quotes kept off values. */
export function parseCacheControl(value: string): CacheDirective[] {
  const out: CacheDirective[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i <= value.length; i++) {
    const ch = value[i]
    if (ch === '"') quoted = !quoted
    if (i === value.length || (ch === ',' && !quoted)) {
      const part = value.slice(start, i)
      const lead = part.length - part.trimStart().length
      const text = part.trim()
      if (text) {
        const eq = text.indexOf('=')
        const name = (eq < 0 ? text : text.slice(0, eq)).trim().toLowerCase()
        const raw = eq < 0 ? undefined : text.slice(eq + 1).trim()
        out.push({
          name,
          value: raw?.replace(/^"(.*)"$/, '$1'),
          start: start + lead,
          end: start + lead + text.length,
        })
      }
      start = i + 1
    }
  }
  return out
}

/** Freshness lifetime in seconds a browser gives a response with this value (max-age), or undefined. */
export function maxAgeOf(directives: CacheDirective[]): number | undefined {
  const maxAge = directives.find((d) => d.name === 'max-age')
  if (!maxAge?.value || !/^\d+$/.test(maxAge.value)) return undefined
  return Number(maxAge.value)
}

export function has(directives: CacheDirective[], name: string): boolean {
  return directives.some((d) => d.name === name)
}
