import type { Migration, SourceNote, Tool } from './types.js'

// The translated config as perfgate.config.ts, in the form `perfgate init` writes: defineConfig with
// plugins from perfgate/plugins, budgets, failOn. Each translated line says where it came from.

const TOOL_NAMES: Record<Tool, string> = {
  'lighthouse-ci': 'Lighthouse CI',
  'size-limit': 'size-limit',
  'github-action-benchmark': 'github-action-benchmark',
  'compressed-size-action': 'compressed-size-action',
}

const DOCS: Record<Tool, string> = {
  'lighthouse-ci': 'docs/coming-from-lighthouse-ci.md',
  'size-limit': 'docs/coming-from-size-limit.md',
  'github-action-benchmark': 'docs/coming-from-github-action-benchmark.md',
  'compressed-size-action': 'docs/coming-from-size-limit.md',
}

/** A string literal: quotes, backslashes and every line terminator escaped. */
const quote = (text: string) =>
  `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/[\n\r\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`
/** Text for a `//` comment: a line terminator would end it and let the rest run as code. */
const comment = (text: string) => text.replace(/\s*[\n\r\u2028\u2029]\s*/g, ' ')
const IDENT = /^[A-Za-z_$][\w$]*$/

/** A value as TypeScript source: inline when it fits in `width`, else one property or item a line. */
export function literal(value: unknown, indent: string, width = 100): string {
  const inline = inlineLiteral(value)
  if (inline.length + indent.length <= width || typeof value !== 'object' || value === null) return inline
  const inner = `${indent}  `
  if (Array.isArray(value))
    return `[\n${value.map((v) => `${inner}${literal(v, inner, width)},`).join('\n')}\n${indent}]`
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner, width)},`).join('\n')}\n${indent}}`
}

function inlineLiteral(value: unknown): string {
  if (typeof value === 'string') return quote(value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(', ')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, v]) => `${key(k)}: ${inlineLiteral(v)}`).join(', ')} }`
  }
  return 'undefined'
}

const key = (k: string) => (IDENT.test(k) ? k : quote(k))

export function formatNote(n: SourceNote): string {
  return `${n.file}${n.line ? `:${n.line}` : ''} ${n.key}: ${n.why}`
}

export interface RenderOptions {
  /** The --from files as given (relative to the project). */
  sources: Array<{ file: string; tool: Tool }>
  /** The command that builds a pull request's base for A/B timings (init's `ab.build`), or null. */
  abBuild: string | null
}

export function renderConfig(m: Migration, options: RenderOptions): string {
  const imports = [
    m.bench ? 'benchPlugin' : null,
    m.bundle ? 'bundlePlugin' : null,
    m.lighthouse ? 'lighthousePlugin' : null,
  ].filter(Boolean)
  const tools = [...new Set(options.sources.map((s) => s.tool))]
  const lines = [
    "import { defineConfig } from 'perfgate'",
    ...(imports.length > 0 ? [`import { ${imports.join(', ')} } from 'perfgate/plugins'`] : []),
    '',
    `// Translated by \`perfgate init --from ${options.sources.map((s) => s.file).join(' --from ')}\` from ${tools.map((t) => TOOL_NAMES[t]).join(' and ')}.`,
    `// What maps to what: ${[...new Set(tools.map((t) => DOCS[t]))].join(', ')}.`,
  ]
  if (m.untranslated.length > 0) {
    lines.push('// Not translated (no perfgate equivalent):')
    for (const n of m.untranslated) lines.push(`//   ${comment(formatNote(n))}`)
  }
  if (m.notes.length > 0) {
    lines.push('// Translated with a difference to check:')
    for (const n of m.notes) lines.push(`//   ${comment(formatNote(n))}`)
  }
  const hasPlugins = Boolean(m.lighthouse || m.bundle || m.bench)
  lines.push('export default defineConfig({', hasPlugins ? '  plugins: [' : '  plugins: [],')
  if (m.lighthouse) {
    const disabled = m.lighthouse.comments.includes('disabled')
    for (const c of m.lighthouse.comments.filter((c) => c !== 'disabled')) lines.push(`    // ${comment(c)}`)
    const text = `lighthousePlugin(${literal(m.lighthouse.options, '    ')}),`
    lines.push(...text.split('\n').map((l) => `    ${disabled ? '// ' : ''}${l.replace(/^ {4}/, '')}`))
  }
  if (m.bundle) lines.push(`    bundlePlugin(${literal(m.bundle.options, '    ')}),`)
  if (m.bench) {
    lines.push(
      '    benchPlugin({',
      '      files: false, // only the imported results: no bench files of perfgate’s own',
      '      imports: [',
    )
    for (const i of m.bench.imports) {
      const { from, ...entry } = i
      lines.push(`        ${literal(entry, '        ', 200)}, // ${comment(from)}`)
    }
    lines.push('      ],', '    }),')
  }
  if (hasPlugins) lines.push('  ],')
  if (m.lighthouse && options.abBuild)
    lines.push(
      '  // Builds the base of a pull request for same-job A/B timings (`perfgate run --ab`, the Action).',
      `  ab: { build: ${quote(options.abBuild)} },`,
    )
  lines.push(m.budgets.length > 0 ? '  budgets: {' : '  budgets: {},')
  for (const b of m.budgets) {
    const limit = literal({ max: b.max, min: b.min }, '')
    const line = `${quote(b.id)}: ${limit},`
    lines.push(
      b.disabled
        ? `    // ${line} // ${comment(b.disabled)}: ${comment(b.from)}`
        : `    ${line} // ${comment(b.from)}`,
    )
  }
  if (m.budgets.length > 0) lines.push('  },')
  if (m.budgetMode) lines.push(`  budgetMode: 'absolute', // ${comment(m.budgetMode.from)}`)
  if (m.sizeFloor || m.thresholds.length > 0) {
    lines.push('  compare: {')
    if (m.sizeFloor) lines.push(`    sizeFloor: ${m.sizeFloor.value}, // ${comment(m.sizeFloor.from)}`)
    if (m.thresholds.length > 0) {
      lines.push('    thresholds: {')
      for (const t of m.thresholds)
        lines.push(`      ${quote(t.id)}: ${literal({ rel: t.rel, abs: t.abs }, '')}, // ${comment(t.from)}`)
      lines.push('    },')
    }
    lines.push('  },')
  }
  const failOn = m.failOn?.value ?? 'regression'
  lines.push(`  failOn: '${failOn}',${m.failOn ? ` // ${comment(m.failOn.from)}` : ''}`, '})')
  return `${lines.join('\n')}\n`
}
