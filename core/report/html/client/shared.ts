/**
 * Helpers both pages' scripts use. They run in the browser: see script.ts. Browser globals are declared
 * here loosely (`Loose`) for this module only (the project compiles without the DOM library).
 */
// biome-ignore lint/suspicious/noExplicitAny: browser objects, typed loosely (the project has no DOM library)
type Loose = any
declare const document: Loose
declare const getComputedStyle: Loose

/** An axis or legend label in the metric's unit: 182 kB, 1.2 s, 45 ms, 12 %. */
export function formatUnitValue(unit: string, value: number | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  // One formatter, kept on the function: toLocaleString per label costs more than drawing the chart.
  const cache = formatUnitValue as unknown as { nf?: Intl.NumberFormat }
  cache.nf ??= new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 })
  const nf = cache.nf
  const fixed = (v: number) => nf.format(v)
  const abs = Math.abs(value)
  if (unit === 'bytes') {
    if (abs >= 1e6) return `${fixed(value / 1e6)} MB`
    if (abs >= 1e3) return `${fixed(value / 1e3)} kB`
    return `${fixed(value)} B`
  }
  if (unit === 'ms') return abs >= 1000 ? `${fixed(value / 1000)} s` : `${fixed(value)} ms`
  if (unit === 'percent') return `${fixed(value)} %`
  if (unit === 'ops/s' || unit === 'req/s') return `${fixed(value)} ${unit}`
  if (unit === 'bytes/s') return `${formatUnitValue('bytes', value)}/s`
  return fixed(value)
}

/** The page's palette, read from its CSS variables so charts follow light and dark mode. */
export function chartColors(): Record<string, string> {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return {
    fg: read('--fg', '#1f2328'),
    muted: read('--muted', '#59636e'),
    line: read('--line', '#d1d9e0'),
    bad: read('--bad', '#cf222e'),
    good: read('--good', '#1a7f37'),
    warn: read('--warn', '#9a6700'),
    accent: read('--accent', '#0969da'),
    base: '#8c959f',
  }
}

/** The width a chart gets: its container's, at least 280 px. */
export function plotWidth(el: Loose): number {
  return Math.max(280, Math.floor(el.clientWidth || el.parentNode?.clientWidth || 480))
}
