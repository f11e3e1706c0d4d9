import { closest, distance } from 'fastest-levenshtein'
import type { z } from 'zod'
import { PerfgateError } from '../model/errors.js'

/**
 * Validates options against a plugin's or preset's schema: defaults filled, unknown keys and wrong
 * types rejected with the option's path and the closest valid key. Exit 2 (CONFIG_INVALID).
 */
export function parseOptions<S extends z.ZodType>(
  owner: string,
  schema: S,
  raw: unknown,
  docs?: string,
): z.output<S> {
  const parsed = schema.safeParse(raw ?? {})
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.slice(0, 8).map((issue) => `  ${describeIssue(schema, issue)}`)
  const more = parsed.error.issues.length > 8 ? `\n  … and ${parsed.error.issues.length - 8} more` : ''
  throw new PerfgateError('CONFIG_INVALID', `Invalid options for ${owner}:\n${lines.join('\n')}${more}`, {
    hint: `Every option of ${owner}, with its type and default: ${docs ?? 'its docs'}.`,
  })
}

/** `a.b[2].c` */
export function formatOptionPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out || '(options)'
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue): string {
  const path = formatOptionPath(issue.path)
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(schema, issue.path)
    return issue.keys
      .map((key) => {
        const where = issue.path.length ? `${path}.${key}` : key
        const near = known.length ? closest(key, known) : undefined
        const suggestion =
          near && distance(key.toLowerCase(), near.toLowerCase()) <= Math.max(2, Math.floor(key.length / 3))
            ? ` — did you mean "${near}"?`
            : known.length
              ? ` (valid: ${known.join(', ')})`
              : ''
        return `${where}: unknown option${suggestion}`
      })
      .join('\n  ')
  }
  return `${path}: ${issue.message}`
}

/** The keys an object schema accepts at `path` (through optional, default, arrays and records). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema
  for (const part of path) {
    current = unwrap(current)
    const def = defOf(current)
    if (!def) return []
    if (def.type === 'object') current = (def.shape as Record<string, unknown>)[String(part)]
    else if (def.type === 'array') current = def.element
    else if (def.type === 'record') current = def.valueType
    else if (def.type === 'union') {
      const options = (def.options as unknown[]).map(unwrap)
      current = options.find((o) => defOf(o)?.type === (typeof part === 'number' ? 'array' : 'object'))
      if (current && typeof part !== 'number')
        current = (defOf(current)?.shape as Record<string, unknown>)?.[String(part)]
      else if (current) current = defOf(current)?.element
    } else return []
  }
  const def = defOf(unwrap(current))
  if (def?.type === 'object') return Object.keys(def.shape as object)
  if (def?.type === 'union')
    return (def.options as unknown[]).flatMap((o) => {
      const d = defOf(unwrap(o))
      return d?.type === 'object' ? Object.keys(d.shape as object) : []
    })
  return []
}

interface ZodDef {
  type: string
  [key: string]: unknown
}

function defOf(schema: unknown): ZodDef | undefined {
  return (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def
}

function unwrap(schema: unknown): unknown {
  let current = schema
  for (let i = 0; i < 10; i++) {
    const def = defOf(current)
    if (!def) return current
    if (
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)
    )
      current = def.innerType
    else if (def.type === 'pipe') current = def.in
    else return current
  }
  return current
}
