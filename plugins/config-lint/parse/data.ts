import type { SourceRange } from '../rule.js'

export type DataPath = readonly (string | number)[]

/** A parsed YAML, JSON or TOML document, with positions of its keys and values. */
export interface DataDocument {
  format: 'yaml' | 'json' | 'toml'
  file: string
  /** The plain value (objects, arrays, scalars). */
  value: unknown
  /** Where the value at `path` is; its key when `key` is true. Falls back to the closest known ancestor. */
  locate(path: DataPath, key?: boolean): SourceRange
}

export class DataSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'DataSyntaxError'
  }
}

// Imported on first use (perfgate --help stays fast) and kept: one module resolution, not one per file.
let yamlModule: Promise<typeof import('yaml')> | undefined
let tomlModule: Promise<typeof import('smol-toml')> | undefined
function loadYaml(): Promise<typeof import('yaml')> {
  yamlModule ??= import('yaml')
  return yamlModule
}
function loadToml(): Promise<typeof import('smol-toml')> {
  tomlModule ??= import('smol-toml')
  return tomlModule
}

/** Parses YAML, or JSON (YAML's JSON schema keeps positions for both); several YAML documents give several. */
export async function parseYamlDocuments(
  text: string,
  file: string,
  format: 'yaml' | 'json',
): Promise<DataDocument[]> {
  const { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair } = await loadYaml()
  const lineCounter = new LineCounter()
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const documents = Array.isArray(parsed) ? parsed : [parsed]
  for (const doc of documents) {
    const error = doc.errors[0]
    if (error) {
      const pos = lineCounter.linePos(error.pos[0])
      throw new DataSyntaxError(error.message.split('\n')[0], pos.line, pos.col)
    }
  }
  const toRange = (range: readonly number[] | null | undefined): SourceRange | undefined => {
    if (!range) return undefined
    const start = lineCounter.linePos(range[0])
    // A block node's range runs to the next line: end at its last non-space character instead.
    let endOffset = Math.max(range[0], range[1])
    while (endOffset > range[0] && /\s/.test(text[endOffset - 1] ?? '')) endOffset--
    const end = lineCounter.linePos(endOffset)
    return { file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col }
  }
  const whole: SourceRange = { file, line: 1, column: 1, endLine: 1, endColumn: 1 }
  return documents.map((doc) => ({
    format,
    file,
    value: toPlain(doc, lineCounter),
    locate(path, key = false) {
      let node: unknown = doc.contents
      let best = toRange((node as { range?: number[] })?.range) ?? whole
      for (let i = 0; i < path.length; i++) {
        const part = path[i]
        if (isMap(node)) {
          const pair = node.items.find(
            (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part),
          )
          if (!pair) return best
          const last = i === path.length - 1
          const keyRange = toRange((pair.key as { range?: number[] }).range)
          if (last && key && keyRange) return keyRange
          node = pair.value
          best = toRange((node as { range?: number[] })?.range) ?? keyRange ?? best
        } else if (isSeq(node) && typeof part === 'number') {
          node = node.items[part]
          best = toRange((node as { range?: number[] })?.range) ?? best
        } else return best
      }
      return best
    },
  }))
}

/** A document's plain value; an unresolved alias or an alias bomb is a syntax error at the document. */
function toPlain(
  doc: { toJS(options: { maxAliasCount: number }): unknown; contents: unknown },
  lineCounter: { linePos(offset: number): { line: number; col: number } },
): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 })
  } catch (error) {
    const start = (doc.contents as { range?: number[] } | null)?.range?.[0] ?? 0
    const pos = lineCounter.linePos(start)
    throw new DataSyntaxError(error instanceof Error ? error.message : String(error), pos.line, pos.col)
  }
}

/** Parses TOML with smol-toml; positions are found by looking the keys up in the text. */
export async function parseTomlDocument(text: string, file: string): Promise<DataDocument> {
  const { parse, TomlError } = await loadToml()
  let value: unknown
  try {
    value = parse(text)
  } catch (error) {
    if (error instanceof TomlError)
      throw new DataSyntaxError(error.message.split('\n')[0], error.line ?? 1, error.column ?? 1)
    throw error
  }
  const lines = text.split('\n')
  return {
    format: 'toml',
    file,
    value,
    locate(path) {
      // Walk the path through table headers (`[a.b]`, `[[a]]`, counted for indices) and `key =` lines.
      let from = 0
      let found = -1
      let header = ''
      for (const part of path) {
        if (typeof part === 'number') {
          let seen = -1
          for (let l = from; l < lines.length; l++) {
            if (lines[l].trim() === `[[${header}]]` && ++seen === part) {
              found = l
              from = l + 1
              break
            }
          }
          continue
        }
        header = header ? `${header}.${part}` : part
        const key = new RegExp(
          `^\\s*(\\[\\[?\\s*${escapeRegExp(header)}\\s*\\]\\]?|"?${escapeRegExp(part)}"?\\s*=)`,
        )
        for (let l = from; l < lines.length; l++) {
          if (key.test(lines[l])) {
            found = l
            from = l + 1
            if (/=/.test(lines[l])) header = ''
            break
          }
        }
      }
      const line = found + 1 || 1
      const text = lines[line - 1] ?? ''
      const column = text.length - text.trimStart().length + 1
      return { file, line, column, endLine: line, endColumn: Math.max(column, text.trimEnd().length + 1) }
    },
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A plain object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every object in a value with its path, depth first. */
export function* walkObjects(
  value: unknown,
  path: (string | number)[] = [],
): Generator<{ object: Record<string, unknown>; path: (string | number)[] }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* walkObjects(value[i], [...path, i])
  } else if (isRecord(value)) {
    yield { object: value, path }
    for (const [key, child] of Object.entries(value)) yield* walkObjects(child, [...path, key])
  }
}
