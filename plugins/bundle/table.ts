import type { Metric } from '../../core/model/types.js'
import { formatValue } from '../../core/toolkit/index.js'
import type { AssetSize } from './types.js'

const GROUPS: Array<[string, string]> = [
  ['initial-js', 'initial JS'],
  ['initial-css', 'initial CSS'],
  ['total', 'total'],
]

function bytes(n: number) {
  return formatValue('bytes', n)
}

function budgetNote(metrics: Metric[], prefix: string): string {
  const judged = metrics.filter((m) => m.id.startsWith(`${prefix}/`) && m.budget)
  return judged
    .map((m) => {
      const b = m.budget!
      const limit =
        b.max !== undefined ? `≤ ${formatValue(m.unit, b.max)}` : `≥ ${formatValue(m.unit, b.min!)}`
      return `${b.status === 'exceeded' ? '✖ over' : '✔'} ${m.id.split('/').pop()} ${limit}`
    })
    .join(', ')
}

/** The compact size table printed after `vite build`: largest files, then initial and total, with budgets. */
export function sizeTable(
  assets: AssetSize[],
  metrics: Metric[],
  options: { files?: number; title?: string } = {},
) {
  const files = assets.filter((a) => !a.sourceMap).sort((a, b) => b.brotli - a.brotli)
  const shown = files.slice(0, options.files ?? 10)
  const rows: string[][] = shown.map((a) => [
    a.file,
    bytes(a.raw),
    bytes(a.gzip),
    bytes(a.brotli),
    a.initial ? 'initial' : '',
  ])
  if (files.length > shown.length)
    rows.push([`… ${files.length - shown.length} more file(s)`, '', '', '', ''])
  const value = (id: string) => metrics.find((m) => m.id === id)?.value ?? 0
  const summary = GROUPS.map(([id, label]) => [
    label,
    bytes(value(`bundle/${id}/raw`)),
    bytes(value(`bundle/${id}/gzip`)),
    bytes(value(`bundle/${id}/brotli`)),
    budgetNote(metrics, `bundle/${id}`),
  ])
  const header = ['file', 'raw', 'gzip', 'brotli', '']
  const all = [header, ...rows, ...summary]
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => r[i].length)))
  const line = (r: string[]) =>
    [
      r[0].padEnd(widths[0]),
      r[1].padStart(widths[1]),
      r[2].padStart(widths[2]),
      r[3].padStart(widths[3]),
      r[4],
    ]
      .join('  ')
      .trimEnd()
  const rule = '─'.repeat(widths.reduce((s, w) => s + w + 2, 0))
  return [
    options.title ?? 'perfgate: bundle sizes (gzip -9, brotli -11)',
    line(header),
    ...rows.map(line),
    rule,
    ...summary.map(line),
  ].join('\n')
}
