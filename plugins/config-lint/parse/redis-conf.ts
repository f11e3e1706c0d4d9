import type { SourceRange } from '../rule.js'

export interface RedisDirective {
  /** Lowercased, as Redis reads it. */
  name: string
  args: string[]
  range: SourceRange
  argRanges: SourceRange[]
}

export interface RedisConf {
  file: string
  directives: RedisDirective[]
  /** The last value of a directive (Redis keeps the last one), or undefined when it is not set. */
  get(name: string): RedisDirective | undefined
  all(name: string): RedisDirective[]
}

export class RedisConfSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'RedisConfSyntaxError'
  }
}

/** Parses redis.conf as Redis does (sdssplitargs per line: quotes, `\xHH` and backslash escapes). */
export function parseRedisConf(text: string, file: string): RedisConf {
  const directives: RedisDirective[] = []
  text.split('\n').forEach((raw, index) => {
    const lineNo = index + 1
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const words = splitArgs(raw.replace(/\r$/, ''), lineNo)
    if (words.length === 0 || words[0].value.startsWith('#')) return
    const range = (from: Word, to: Word): SourceRange => ({
      file,
      line: lineNo,
      column: from.start + 1,
      endLine: lineNo,
      endColumn: to.end + 1,
    })
    directives.push({
      name: words[0].value.toLowerCase(),
      args: words.slice(1).map((w) => w.value),
      range: range(words[0], words[words.length - 1]),
      argRanges: words.slice(1).map((w) => range(w, w)),
    })
  })
  return {
    file,
    directives,
    get: (name) => directives.filter((d) => d.name === name).at(-1),
    all: (name) => directives.filter((d) => d.name === name),
  }
}

interface Word {
  value: string
  start: number
  end: number
}

function splitArgs(line: string, lineNo: number): Word[] {
  const words: Word[] = []
  let i = 0
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++
    if (i >= line.length) break
    const start = i
    const quote = line[i] === '"' || line[i] === "'" ? line[i] : undefined
    let value = ''
    if (quote) {
      i++
      while (i < line.length && line[i] !== quote) {
        if (line[i] === '\\' && quote === '"' && i + 1 < line.length) {
          const next = line[i + 1]
          if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
            value += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16))
            i += 4
            continue
          }
          value += ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[next] ?? next
          i += 2
          continue
        }
        if (line[i] === '\\' && quote === "'" && line[i + 1] === "'") {
          value += "'"
          i += 2
          continue
        }
        value += line[i++]
      }
      if (i >= line.length) throw new RedisConfSyntaxError(`unbalanced ${quote} quote`, lineNo, start + 1)
      i++
      if (i < line.length && !/\s/.test(line[i]))
        throw new RedisConfSyntaxError('a closing quote must be followed by a space', lineNo, i + 1)
    } else {
      while (i < line.length && !/\s/.test(line[i])) value += line[i++]
    }
    words.push({ value, start, end: i })
  }
  return words
}
