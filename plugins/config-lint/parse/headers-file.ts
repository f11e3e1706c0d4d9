import type { SourceRange } from '../rule.js'

export interface HeaderLine {
  name: string
  value: string
  range: SourceRange
  /** The value alone. */
  valueRange: SourceRange
}

export interface HeadersRule {
  /** The URL pattern (`/assets/*`, `/:splat`). */
  pattern: string
  range: SourceRange
  headers: HeaderLine[]
}

export interface HeadersFile {
  file: string
  rules: HeadersRule[]
}

export class HeadersSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'HeadersSyntaxError'
  }
}

/** Netlify's and Cloudflare's `_headers`: a URL pattern at the line start, indented `Name: value` lines. */
export function parseHeadersFile(text: string, file: string): HeadersFile {
  const rules: HeadersRule[] = []
  text.split('\n').forEach((raw, index) => {
    const line = index + 1
    const content = raw.replace(/\r$/, '')
    const trimmed = content.trim()
    if (!trimmed || trimmed.startsWith('#')) return
    const indent = content.length - content.trimStart().length
    if (indent === 0) {
      rules.push({
        pattern: trimmed,
        range: { file, line, column: 1, endLine: line, endColumn: content.length + 1 },
        headers: [],
      })
      return
    }
    const current = rules.at(-1)
    if (!current) throw new HeadersSyntaxError('a header line before any URL pattern', line, indent + 1)
    const colon = content.indexOf(':', indent)
    if (colon < 0)
      throw new HeadersSyntaxError(`expected "Name: value", found "${trimmed}"`, line, indent + 1)
    const name = content.slice(indent, colon).trim()
    const valueStart =
      colon + 1 + (content.slice(colon + 1).length - content.slice(colon + 1).trimStart().length)
    current.headers.push({
      name,
      value: content.slice(valueStart).trim(),
      range: { file, line, column: indent + 1, endLine: line, endColumn: content.trimEnd().length + 1 },
      valueRange: {
        file,
        line,
        column: valueStart + 1,
        endLine: line,
        endColumn: content.trimEnd().length + 1,
      },
    })
  })
  return { file, rules }
}
