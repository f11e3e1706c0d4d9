/**
 * The HTML report's script (runs in the browser, see script.ts): strip plots of each sampled metric
 * (base beside head) and the bundle's composition bars, drawn with uPlot from the page's data block.
 */
// biome-ignore lint/suspicious/noExplicitAny: browser objects, typed loosely (the project has no DOM library)
type Loose = any
declare const document: Loose
declare const window: Loose
declare const uPlot: Loose
declare function formatUnitValue(unit: string, value: number | null): string
declare function chartColors(): Record<string, string>
declare function plotWidth(el: Loose): number

export function reportClient(): void {
  const data = JSON.parse(document.getElementById('perfgate-data').textContent)
  const colors = chartColors()
  const charts: Array<{ kind: string; id: string; plot: Loose }> = []
  window.perfgateCharts = charts
  const axisStyle = { stroke: colors.muted, grid: { stroke: colors.line, width: 1 }, ticks: { show: false } }

  const median = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b)
    const mid = s.length >> 1
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
  }

  // Strip plot: x is the side (1 base, 2 head) plus a fixed jitter, so the picture never changes between loads.
  for (const chart of data.samples) {
    const el = document.getElementById(chart.el)
    if (!el) continue
    const points: Array<[number, number, number]> = []
    const add = (values: number[] | null, side: number) => {
      if (!values) return
      values.forEach((v, i) => {
        const jitter = (((i * 0.6180339887) % 1) - 0.5) * 0.5
        points.push([side + jitter, side === 1 ? v : Number.NaN, side === 2 ? v : Number.NaN])
      })
    }
    add(chart.base, 1)
    add(chart.head, 2)
    points.sort((a, b) => a[0] - b[0])
    const xs = points.map((p) => p[0])
    const baseYs = points.map((p) => (Number.isNaN(p[1]) ? null : p[1]))
    const headYs = points.map((p) => (Number.isNaN(p[2]) ? null : p[2]))
    const medians = [chart.base ? median(chart.base) : null, median(chart.head)]
    const dots = (stroke: string, label: string) => ({
      label,
      stroke,
      fill: stroke,
      paths: () => null,
      points: { show: true, size: 7, width: 1, fill: stroke, stroke },
      value: (_u: Loose, v: number | null) => formatUnitValue(chart.unit, v),
    })
    const plot = new uPlot(
      {
        width: plotWidth(el),
        height: 190,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [0.4, 2.6] } },
        axes: [
          {
            ...axisStyle,
            splits: () => [1, 2],
            values: (_u: Loose, splits: number[]) =>
              splits.map((s) =>
                s === 1 ? `base (${chart.base ? chart.base.length : 'none'})` : `head (${chart.head.length})`,
              ),
          },
          {
            ...axisStyle,
            size: 64,
            values: (_u: Loose, splits: number[]) => splits.map((v) => formatUnitValue(chart.unit, v)),
          },
        ],
        series: [{}, dots(colors.base, 'base'), dots(colors.accent, 'head')],
        hooks: {
          draw: [
            (u: Loose) => {
              const ctx = u.ctx
              ctx.save()
              ctx.strokeStyle = colors.fg
              ctx.lineWidth = 2 * (window.devicePixelRatio || 1)
              medians.forEach((m, i) => {
                if (m === null) return
                const side = i + 1
                const y = u.valToPos(m, 'y', true)
                ctx.beginPath()
                ctx.moveTo(u.valToPos(side - 0.32, 'x', true), y)
                ctx.lineTo(u.valToPos(side + 0.32, 'x', true), y)
                ctx.stroke()
              })
              ctx.restore()
            },
          ],
        },
      },
      [xs, baseYs, headYs],
      el,
    )
    charts.push({ kind: 'samples', id: chart.id, plot })
  }

  // Grouped bars: the baseline's bytes beside this run's, one group per label.
  for (const chart of data.bars) {
    const el = document.getElementById(chart.el)
    if (!el) continue
    const xs = chart.labels.map((_: string, i: number) => i)
    const bars = (stroke: string, label: string, align: number) => ({
      label,
      stroke,
      fill: stroke,
      width: 0,
      paths: uPlot.paths.bars({ size: [0.4, 48], align }),
      points: { show: false },
      value: (_u: Loose, v: number | null) => formatUnitValue('bytes', v),
    })
    const plot = new uPlot(
      {
        title: chart.title,
        width: plotWidth(el),
        height: 240,
        scales: {
          x: { time: false, range: [-0.6, chart.labels.length - 0.4] },
          y: { range: (_u: Loose, _min: number, max: number) => [0, max > 0 ? max * 1.08 : 1] },
        },
        axes: [
          {
            ...axisStyle,
            splits: () => xs,
            values: (_u: Loose, splits: number[]) => splits.map((i) => chart.labels[i] ?? ''),
          },
          {
            ...axisStyle,
            size: 64,
            values: (_u: Loose, splits: number[]) => splits.map((v) => formatUnitValue('bytes', v)),
          },
        ],
        series: [
          { label: 'group', value: (_u: Loose, i: number) => chart.labels[i] ?? '' },
          bars(colors.base, 'base', -1),
          bars(colors.accent, 'head', 1),
        ],
      },
      [xs, chart.base, chart.head],
      el,
    )
    charts.push({ kind: 'bars', id: chart.el, plot })
  }
  document.documentElement.dataset.chartsReady = String(charts.length)
}
