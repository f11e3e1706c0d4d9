import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import picomatch from 'picomatch'
import type { SourceRange } from '../rule.js'
import { type DataDocument, type DataPath, isRecord } from './data.js'

export interface FluentBitEntry {
  key: string
  value: string
  keyRange: SourceRange
  valueRange: SourceRange
}

export interface FluentBitSection {
  /** Upper case: `SERVICE`, `INPUT`, `FILTER`, `OUTPUT`, `PARSER`, … */
  name: string
  /** The `[NAME]` header, or in YAML the item's `name` key. */
  range: SourceRange
  entries: FluentBitEntry[]
  /** An entry by key, case-insensitively (the last one when a key repeats). */
  get(key: string): FluentBitEntry | undefined
}

export interface FluentBitParseFailure {
  file: string
  message: string
  line: number
  column: number
}

/** A Fluent Bit config: its sections in file order, `@INCLUDE`d files' sections in place. */
export interface FluentBitConfig {
  format: 'classic' | 'yaml'
  /** The file linting started from. */
  root: string
  sections: FluentBitSection[]
  /** Every file read, the root first. */
  files: string[]
  /** Lines that do not parse (in the root or an included file) and includes that match nothing readable. */
  failures: FluentBitParseFailure[]
}

function section(name: string, range: SourceRange, entries: FluentBitEntry[]): FluentBitSection {
  return {
    name,
    range,
    entries,
    get: (key) => entries.findLast((e) => e.key.toLowerCase() === key.toLowerCase()),
  }
}

const range = (file: string, line: number, column: number, endColumn: number): SourceRange => ({
  file,
  line,
  column,
  endLine: line,
  endColumn,
})

/**
 * Reads Fluent Bit's classic format (docs: "Format and schema", "Commands"): `[SECTION]` headers at the
 * margin, indented `Key Value` entries (one indentation per section), full-line `#` comments, `@SET`
 * and `@INCLUDE` (relative to the root file's folder, `*` in the file name allowed) at the margin.
 */
export function parseFluentBitClassic(
  root: string,
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): FluentBitConfig {
  const config: FluentBitConfig = { format: 'classic', root, sections: [], files: [], failures: [] }
  const base = dirname(root)
  const visit = (file: string, text: string) => {
    config.files.push(file)
    let current: { name: string; range: SourceRange; entries: FluentBitEntry[]; indent?: string } | undefined
    const close = () => {
      if (current) config.sections.push(section(current.name, current.range, current.entries))
      current = undefined
    }
    const lines = text.split('\n')
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i].replace(/\r$/, '')
      const line = i + 1
      const trimmed = raw.trim()
      if (trimmed === '' || trimmed.startsWith('#')) continue
      const fail = (message: string, column = raw.length - raw.trimStart().length + 1) =>
        config.failures.push({ file, message, line, column })
      const indent = raw.slice(0, raw.length - raw.trimStart().length)
      if (indent === '' && trimmed.startsWith('[')) {
        close()
        const m = /^\[\s*([A-Za-z_][\w.-]*)\s*\]$/.exec(trimmed)
        if (!m) {
          fail('a section header is [NAME] alone on its line')
          continue
        }
        current = { name: m[1].toUpperCase(), range: range(file, line, 1, trimmed.length + 1), entries: [] }
      } else if (indent === '' && trimmed.startsWith('@')) {
        close()
        const [command, ...rest] = trimmed.split(/\s+/)
        const arg = rest.join(' ')
        if (command.toUpperCase() === '@INCLUDE') {
          const included = resolveInclude(base, arg)
          if (included.length === 0) fail(`@INCLUDE ${arg} matches no readable file`)
          for (const f of included) {
            if (config.files.includes(f)) continue
            let body: string
            try {
              body = read(f)
            } catch (error) {
              fail(`cannot read ${arg} (${(error as Error).message})`)
              continue
            }
            visit(f, body)
          }
        } else if (command.toUpperCase() !== '@SET')
          fail(`unknown command ${command} (Fluent Bit has @INCLUDE and @SET)`)
      } else if (indent === '') {
        fail('an entry must be indented under a [SECTION]')
      } else if (!current) {
        fail('an entry outside any [SECTION]')
      } else {
        current.indent ??= indent
        if (indent !== current.indent) {
          fail(`this entry's indentation differs from the section's first entry (Fluent Bit requires one)`)
          continue
        }
        const m = /^(\S+)(\s+)(.*)$/.exec(trimmed)
        const column = indent.length + 1
        if (!m || m[3].trim() === '') {
          fail(`${trimmed.split(/\s/)[0]} has no value (an entry is "Key Value" on one line)`, column)
          continue
        }
        const valueColumn = column + m[1].length + m[2].length
        current.entries.push({
          key: m[1],
          value: m[3].trim(),
          keyRange: range(file, line, column, column + m[1].length),
          valueRange: range(file, line, valueColumn, valueColumn + m[3].trim().length),
        })
      }
    }
    close()
  }
  let text: string
  try {
    text = read(root)
  } catch (error) {
    config.failures.push({
      file: root,
      message: `cannot read it (${(error as Error).message})`,
      line: 1,
      column: 1,
    })
    return config
  }
  visit(root, text)
  return config
}

function resolveInclude(base: string, pattern: string): string[] {
  const full = isAbsolute(pattern) ? pattern : join(base, pattern)
  if (!pattern.includes('*')) return [full]
  const dir = dirname(full)
  const match = picomatch(basename(full))
  try {
    return readdirSync(dir)
      .filter((name) => match(name))
      .sort()
      .map((name) => join(dir, name))
  } catch {
    return []
  }
}

/** Fluent Bit's YAML format (`service:`, `pipeline: {inputs, filters, outputs}`) as sections; else undefined. */
export function fluentBitFromYaml(doc: DataDocument): FluentBitConfig | undefined {
  const root = doc.value
  if (!isRecord(root) || !isRecord(root.pipeline)) return undefined
  const pipeline = root.pipeline
  if (!['inputs', 'filters', 'outputs'].some((k) => Array.isArray(pipeline[k]))) return undefined
  const sections: FluentBitSection[] = []
  const add = (name: string, object: Record<string, unknown>, path: DataPath) => {
    const entries: FluentBitEntry[] = []
    for (const [key, value] of Object.entries(object))
      if (['string', 'number', 'boolean'].includes(typeof value))
        entries.push({
          key,
          value: String(value),
          keyRange: doc.locate([...path, key], true),
          valueRange: doc.locate([...path, key]),
        })
    sections.push(section(name, doc.locate('name' in object ? [...path, 'name'] : path, true), entries))
  }
  if (isRecord(root.service)) add('SERVICE', root.service, ['service'])
  for (const [key, name] of [
    ['inputs', 'INPUT'],
    ['filters', 'FILTER'],
    ['outputs', 'OUTPUT'],
  ] as const) {
    const items = pipeline[key]
    if (Array.isArray(items))
      items.forEach((item, i) => {
        if (isRecord(item)) add(name, item, ['pipeline', key, i])
      })
  }
  return { format: 'yaml', root: doc.file, sections, files: [doc.file], failures: [] }
}
