import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import picomatch from 'picomatch'
import type { SourceRange } from '../rule.js'
import { lexNginx, NginxSyntaxError, type NginxToken } from './nginx-lexer.js'

export interface NginxDirective {
  name: string
  args: string[]
  /** From the name to the `;` or `{`. */
  range: SourceRange
  /** Each argument's range, for pointing at a value. */
  argRanges: SourceRange[]
  /** The block's directives, with `include`s expanded in place. */
  block?: NginxDirective[]
}

export interface NginxParseFailure {
  file: string
  message: string
  line: number
  column: number
}

export interface NginxConfig {
  /** The file linting started from. */
  root: string
  /** The root's directives, `include`s replaced by the included files' directives. */
  directives: NginxDirective[]
  /** Every file read, the root first, in the order nginx reads them. */
  files: string[]
  /** Files that did not parse (the root or an included one) and includes that matched nothing readable. */
  failures: NginxParseFailure[]
}

/** Where the files of a tree come from: the disk, or the sections of an `nginx -T` dump. */
export interface NginxFileSource {
  read(file: string): string | undefined
  /** Files matching an include pattern (absolute), sorted as nginx's glob does. */
  glob(pattern: string): string[]
}

/** The directives of one file, without following includes. Throws NginxSyntaxError. */
export function parseNginxFile(text: string, file: string): NginxDirective[] {
  const tokens = lexNginx(text)
  let i = 0
  const range = (from: NginxToken, to: NginxToken): SourceRange => ({
    file,
    line: from.line,
    column: from.column,
    endLine: to.endLine,
    endColumn: to.endColumn,
  })
  const parseBlock = (depth: number): NginxDirective[] => {
    const out: NginxDirective[] = []
    while (i < tokens.length) {
      const first = tokens[i]
      if (!first.quoted && first.value === '}') {
        if (depth === 0) throw new NginxSyntaxError('unexpected "}"', first.line, first.column)
        i++
        return out
      }
      if (!first.quoted && (first.value === '{' || first.value === ';'))
        throw new NginxSyntaxError(`unexpected "${first.value}"`, first.line, first.column)
      const words: NginxToken[] = [first]
      i++
      while (i < tokens.length && (tokens[i].quoted || !SPECIALS.has(tokens[i].value)))
        words.push(tokens[i++])
      const end = tokens[i]
      if (!end) {
        const last = words[words.length - 1]
        throw new NginxSyntaxError(
          `unexpected end of file, expecting ";" or "}" after "${first.value}"`,
          last.endLine,
          last.endColumn,
        )
      }
      if (end.value === '}')
        throw new NginxSyntaxError(
          `unexpected "}" after "${first.value}", expecting ";"`,
          end.line,
          end.column,
        )
      i++
      const directive: NginxDirective = {
        name: first.value,
        args: words.slice(1).map((w) => w.value),
        range: range(first, end),
        argRanges: words.slice(1).map((w) => range(w, w)),
      }
      if (end.value === '{') directive.block = parseBlock(depth + 1)
      out.push(directive)
    }
    if (depth > 0) {
      const last = tokens[tokens.length - 1]
      throw new NginxSyntaxError('unexpected end of file, expecting "}"', last.endLine, last.endColumn)
    }
    return out
  }
  return parseBlock(0)
}

/** Reads files from the disk; include globs relative to `prefix` (nginx's conf prefix). */
export function diskSource(): NginxFileSource {
  return {
    read(file) {
      try {
        return readFileSync(file, 'utf8')
      } catch {
        return undefined
      }
    },
    glob(pattern) {
      if (!/[*?[]/.test(pattern)) return [pattern]
      const dir = dirname(pattern)
      const match = picomatch(basename(pattern), { dot: true })
      try {
        return readdirSync(dir)
          .filter((name) => match(name))
          .map((name) => join(dir, name))
          .filter((path) => statSync(path).isFile())
          .sort()
      } catch {
        return []
      }
    },
  }
}

/**
 * Parses `root` and every file it includes (crossplane's semantics: relative include paths resolve
 * against the folder of the root file, globs in sorted order, includes expanded in place).
 */
export function parseNginxTree(root: string, source: NginxFileSource = diskSource()): NginxConfig {
  const prefix = dirname(root)
  const files: string[] = []
  const failures: NginxParseFailure[] = []
  const load = (file: string, stack: string[], at?: SourceRange): NginxDirective[] => {
    const text = source.read(file)
    if (text === undefined) {
      failures.push({
        file: at?.file ?? file,
        message: `cannot read ${file}`,
        line: at?.line ?? 1,
        column: at?.column ?? 1,
      })
      return []
    }
    if (!files.includes(file)) files.push(file)
    let directives: NginxDirective[]
    try {
      directives = parseNginxFile(text, file)
    } catch (error) {
      if (!(error instanceof NginxSyntaxError)) throw error
      failures.push({ file, message: error.message, line: error.line, column: error.column })
      return []
    }
    return expand(directives, [...stack, file])
  }
  const expand = (directives: NginxDirective[], stack: string[]): NginxDirective[] => {
    const out: NginxDirective[] = []
    for (const directive of directives) {
      if (directive.name === 'include' && directive.args.length === 1) {
        const pattern = isAbsolute(directive.args[0]) ? directive.args[0] : join(prefix, directive.args[0])
        for (const file of source.glob(pattern)) {
          if (stack.includes(file)) continue // an include cycle: nginx would fail; we stop
          out.push(...load(file, stack, directive.range))
        }
        continue
      }
      out.push(directive.block ? { ...directive, block: expand(directive.block, stack) } : directive)
    }
    return out
  }
  const directives = load(root, [])
  return { root, directives, files, failures }
}

const SPECIALS = new Set(['{', '}', ';'])

const DUMP_HEADER = /^# configuration file (.+):$/

/** Whether a text is `nginx -T` output (one `# configuration file X:` line per file). */
export function isNginxDump(text: string): boolean {
  return DUMP_HEADER.test(
    text
      .slice(0, 2000)
      .split('\n')
      .find((l) => l.startsWith('# configuration file')) ?? '',
  )
}

export interface DumpSection {
  file: string
  text: string
  /** Line of the dump where the section's first line is (1-based). */
  firstLine: number
}

/** The files of an `nginx -T` dump, each with its text and where it starts in the dump. */
export function splitNginxDump(text: string): DumpSection[] {
  const lines = text.split('\n')
  const sections: DumpSection[] = []
  let current: { file: string; firstLine: number; lines: string[] } | undefined
  lines.forEach((line, index) => {
    const header = DUMP_HEADER.exec(line)
    if (header) {
      if (current)
        sections.push({ file: current.file, firstLine: current.firstLine, text: current.lines.join('\n') })
      current = { file: header[1], firstLine: index + 2, lines: [] }
    } else if (current) current.lines.push(line)
  })
  if (current)
    sections.push({ file: current.file, firstLine: current.firstLine, text: current.lines.join('\n') })
  // nginx prints one blank line after each file; drop it so the sections equal the files.
  for (const section of sections) section.text = section.text.replace(/\n$/, '')
  return sections
}

/** A source over the sections of an `nginx -T` dump: include globs match the dumped file names. */
export function dumpSource(sections: DumpSection[]): NginxFileSource {
  const byFile = new Map(sections.map((s) => [s.file, s.text]))
  return {
    read: (file) => byFile.get(file),
    glob(pattern) {
      if (!/[*?[]/.test(pattern)) return byFile.has(pattern) ? [pattern] : []
      const match = picomatch(pattern, { dot: true })
      return [...byFile.keys()].filter((f) => match(f)).sort()
    },
  }
}
