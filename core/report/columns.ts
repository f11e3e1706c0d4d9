import { neutraliseCommand, sanitizeTerminal as terminalText } from '../security/sanitize.js'

/** Terminal columns of a string: ANSI colour codes take none, East Asian wide characters take two. */
export function visibleWidth(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
  const plain = text.includes('\u001b') ? text.replace(/\u001b\[[0-9;]*m/g, '') : text
  let width = 0
  for (const char of plain) {
    const code = char.codePointAt(0)!
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
    width += wide ? 2 : 1
  }
  return width
}

/** Cuts plain text to `width` columns, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return ''
  if (visibleWidth(text) <= width) return text
  let out = ''
  let used = 0
  for (const char of text) {
    const w = visibleWidth(char)
    if (used + w > width - 1) break
    out += char
    used += w
  }
  return `${out}…`
}

/**
 * Cuts a title to `width` columns. A title of the form `subject: figure` keeps its figure and is cut in
 * the subject (`slugify 500 ti…: median latency`), so rows of one subject stay apart; others end in `…`.
 */
export function truncateTitle(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text
  const split = text.lastIndexOf(': ')
  const tail = split > 0 ? text.slice(split) : ''
  if (!tail || visibleWidth(tail) > (width - 1) * 0.6) return truncate(text, width)
  return `${truncate(text.slice(0, split), width - visibleWidth(tail))}${tail}`
}

export interface Column {
  align: 'left' | 'right'
  /** The column that gives up width when the table is too wide (titles). At most one. */
  flexible?: boolean
  /** Flexible columns never shrink below this. */
  min?: number
  /** Left out (on every row) when the table would not fit otherwise. */
  optional?: boolean
}

/**
 * Aligns rows of cells into lines of at most `width` columns (two spaces between columns). Cells are
 * untrusted plain text except where the caller painted them (colour codes take no width). Linear in the
 * number of cells.
 */
export function layout(
  rows: string[][],
  columns: Column[],
  width: number,
  options: { indent?: string; header?: boolean } = {},
): string[] {
  const indent = options.indent ?? '  '
  if (rows.length === 0) return []
  const body = options.header ? rows.slice(1) : rows
  const widths = columns.map((_, i) => {
    // A column empty on every row says nothing: it is left out, header and all.
    if (body.every((row) => !row[i])) return 0
    let max = 0
    for (const row of rows) max = Math.max(max, visibleWidth(row[i] ?? ''))
    return max
  })
  const gap = 2
  const used = () =>
    indent.length + widths.reduce((a, b) => a + b, 0) + gap * (widths.filter((w) => w > 0).length - 1)
  const flex = columns.findIndex((c) => c.flexible)
  const room = () => (flex >= 0 ? widths[flex] - (columns[flex].min ?? 12) : 0)
  // Optional columns go first, so the flexible one (titles) keeps its minimum.
  for (let i = columns.length - 1; i >= 0 && used() - room() > width; i--)
    if (columns[i].optional) widths[i] = 0
  if (used() > width && flex >= 0)
    widths[flex] = Math.max(columns[flex].min ?? 12, widths[flex] - (used() - width))
  return rows.map((row) => {
    const cells = columns.flatMap((column, i) => {
      if (widths[i] === 0) return []
      let cell = row[i] ?? ''
      if (i === flex && visibleWidth(cell) > widths[i]) cell = truncateTitle(cell, widths[i])
      const pad = ' '.repeat(Math.max(0, widths[i] - visibleWidth(cell)))
      return [column.align === 'right' ? pad + cell : cell + pad]
    })
    return `${indent}${cells.join(' '.repeat(gap))}`.trimEnd()
  })
}

/** Untrusted text for one terminal line of at most `width` columns. */
export function line(text: string, width: number): string {
  return truncate(terminalText(text), width)
}

/**
 * Untrusted text word-wrapped into at most `maxLines` lines of `width` columns, the first starting with
 * `first` and the rest with `rest` (indentation); the last line ends in `…` when text was left over.
 */
export function wrapped(text: string, width: number, first: string, rest: string, maxLines = 3): string[] {
  const words = terminalText(text).split(/\s+/).filter(Boolean)
  const lines: string[] = []
  let current = first
  let empty = true
  let used = 0
  for (; used < words.length; used++) {
    const word = words[used]
    const candidate = empty ? current + word : `${current} ${word}`
    if (visibleWidth(candidate) <= width || empty) {
      current = candidate
      empty = false
      continue
    }
    if (lines.length === maxLines - 1) break
    lines.push(current)
    current = rest + word
  }
  // The last line carries what did not fit, cut with `…`.
  const left = words.slice(used)
  lines.push(left.length > 0 ? truncate(`${current} ${left.join(' ')}`, width) : current)
  // A continuation line starts wherever the words fell: none may begin a workflow command.
  return lines.map((l) => neutraliseCommand(truncate(l, width)))
}

/** Columns of a CI log: wide enough that no figure, reason or route is cut (logs wrap in the browser). */
export const CI_WIDTH = 1000

/**
 * How wide the terminal output may be: the terminal's own width; else `COLUMNS` (set by the user or the
 * shell); else, in CI (where output is a log, not a screen), wide enough that nothing is cut; else 100.
 */
export function outputWidth(
  stream: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): number {
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns
  const columns = Number.parseInt(env.COLUMNS ?? '', 10)
  if (Number.isFinite(columns) && columns > 0) return columns
  const ci = env.CI
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return CI_WIDTH
  if (env.GITHUB_ACTIONS === 'true') return CI_WIDTH
  return 100
}
