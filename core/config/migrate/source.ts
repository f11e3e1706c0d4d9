import { readFile } from 'node:fs/promises'
import { extname, relative } from 'node:path'
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import { errorMessage, PerfgateError } from '../../model/errors.js'

/** A key path into a parsed config: object keys and array indices. */
export type KeyPath = Array<string | number>

/** A config file's value, and the line each key is on where the format has lines. */
export interface SourceFile {
  /** Relative to the project folder (how notes name it). */
  file: string
  value: unknown
  /** 1-based line of the key at `path` (of the item, for an index; of its parent when absent); undefined for JS. */
  lineOf(path: KeyPath): number | undefined
}

const JS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'])

/**
 * Reads a JSON, YAML or JavaScript config. JSON and YAML are parsed with `yaml` (JSON is YAML), so every
 * key has a line; JSON's value comes from JSON.parse, the strict reader. A JavaScript config is executed
 * through jiti, as perfgate loads its own TypeScript config: it may compute its value, read files or
 * environment variables, and its lines are unknown.
 */
export async function readSource(path: string, cwd: string): Promise<SourceFile> {
  const file = relative(cwd, path) || path
  const ext = extname(path).toLowerCase()
  if (JS.has(ext)) return { file, value: await importJs(path, file), lineOf: () => undefined }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new PerfgateError('INPUT_INVALID', `Cannot read ${file}: ${errorMessage(error)}`, { cause: error })
  }
  return parseText(text, file, ext === '.json' ? 'json' : ext === '.yml' || ext === '.yaml' ? 'yaml' : 'any')
}

/** Parses JSON or YAML text (`any`: JSON when it parses as JSON, else YAML, as extensionless rc files are). */
export function parseText(text: string, file: string, format: 'json' | 'yaml' | 'any'): SourceFile {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false })
  let value: unknown
  try {
    if (format === 'json' || (format === 'any' && /^\s*[[{]/.test(text))) value = JSON.parse(text)
    else {
      if (doc.errors.length > 0) throw doc.errors[0]
      value = doc.toJS()
    }
  } catch (error) {
    throw new PerfgateError(
      'INPUT_INVALID',
      `${file} is not valid ${format === 'yaml' ? 'YAML' : format === 'json' ? 'JSON' : 'JSON or YAML'}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Fix the file, or point --from at the config the tool actually reads.',
      },
    )
  }
  return {
    file,
    value,
    lineOf(path) {
      // The key's line, or its nearest parent's when the key is absent (a default was translated).
      let node: unknown = doc.contents
      let offset: number | undefined
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
          if (!pair) break
          offset = (pair.key as Node | null)?.range?.[0]
          node = pair.value
        } else if (isSeq(node) && typeof key === 'number') {
          const item = node.items[key] as Node | undefined
          if (!item) break
          offset = item.range?.[0]
          node = item
        } else break
      }
      return offset === undefined ? undefined : lineCounter.linePos(offset).line
    },
  }
}

async function importJs(path: string, file: string): Promise<unknown> {
  try {
    const { createJiti } = await import('jiti')
    const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: true })
    const value = await jiti.import(path, { default: true })
    return typeof (value as { then?: unknown })?.then === 'function' ? await value : value
  } catch (error) {
    throw new PerfgateError('INPUT_INVALID', `Could not run ${file}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'A JavaScript config is executed to read it: run it from the project folder, with its dependencies installed.',
    })
  }
}

/** `a.b[2].c` for a key path; keys that are not identifiers are kept as they are (`categories:performance`). */
export function keyName(path: KeyPath): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
