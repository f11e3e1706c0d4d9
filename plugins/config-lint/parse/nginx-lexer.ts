/** One token of an nginx config: a word (quoted or not) or one of `{`, `}`, `;`. Lines and columns 1-based. */
export interface NginxToken {
  value: string
  quoted: boolean
  line: number
  column: number
  endLine: number
  /** Exclusive. */
  endColumn: number
}

export class NginxSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'NginxSyntaxError'
  }
}

const SPECIAL = new Set(['{', '}', ';'])

/**
 * Splits an nginx config into tokens with crossplane's semantics: `#` starts a comment only at the start
 * of a token, quotes start a string only at the start of a token, a backslash escapes the next character,
 * and `${name}` stays inside its word.
 */
export function lexNginx(text: string): NginxToken[] {
  const tokens: NginxToken[] = []
  let line = 1
  let column = 1
  let i = 0
  const advance = (): string => {
    const ch = text[i++]
    if (ch === '\n') {
      line++
      column = 1
    } else column++
    return ch
  }
  while (i < text.length) {
    const ch = text[i]
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      advance()
      continue
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') advance()
      continue
    }
    const startLine = line
    const startColumn = column
    if (SPECIAL.has(ch)) {
      advance()
      tokens.push({
        value: ch,
        quoted: false,
        line: startLine,
        column: startColumn,
        endLine: line,
        endColumn: column,
      })
      continue
    }
    if (ch === '"' || ch === "'") {
      advance()
      let value = ''
      while (i < text.length && text[i] !== ch) {
        if (text[i] === '\\' && i + 1 < text.length) {
          advance()
          value += unescapeNginx(advance())
        } else value += advance()
      }
      if (i >= text.length) throw new NginxSyntaxError(`unterminated ${ch} string`, startLine, startColumn)
      advance()
      tokens.push({
        value,
        quoted: true,
        line: startLine,
        column: startColumn,
        endLine: line,
        endColumn: column,
      })
      continue
    }
    let value = ''
    while (i < text.length) {
      const c = text[i]
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || SPECIAL.has(c)) break
      if (c === '\\' && i + 1 < text.length) {
        advance()
        value += unescapeNginx(advance())
        continue
      }
      if (c === '$' && text[i + 1] === '{') {
        while (i < text.length && text[i] !== '}' && text[i] !== '\n') value += advance()
        if (text[i] === '}') value += advance()
        continue
      }
      value += advance()
    }
    tokens.push({
      value,
      quoted: false,
      line: startLine,
      column: startColumn,
      endLine: line,
      endColumn: column,
    })
  }
  return tokens
}

/** nginx's escapes (ngx_conf_read_token): \" \' \\ lose the backslash, \t \r \n are control characters, others stay. */
function unescapeNginx(ch: string): string {
  if (ch === '"' || ch === "'" || ch === '\\') return ch
  if (ch === 't') return '\t'
  if (ch === 'r') return '\r'
  if (ch === 'n') return '\n'
  return `\\${ch}`
}
