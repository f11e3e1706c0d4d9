/**
 * The history dashboard's script (runs in the browser; see core/report/html/client/script.ts): one uPlot
 * chart per metric over the commits, with the spread band, budget lines, other-CPU points, the pull
 * request's point and the step changes; clicking a point opens its commit.
 */
// biome-ignore lint/suspicious/noExplicitAny: browser objects, typed loosely (the project has no DOM library)
type Loose = any
declare const document: Loose
declare const window: Loose
declare const uPlot: Loose
declare function formatUnitValue(unit: string, value: number | null): string
declare function chartColors(): Record<string, string>
declare function plotWidth(el: Loose): number

export function historyClient(): void {
  const data = JSON.parse(document.getElementById('perfgate-data').textContent)
  const colors = chartColors()
  const charts: Array<{ id: string; plot: Loose; steps: number[] }> = []
  window.perfgateCharts = charts
  const commits = data.commits
  const n = commits.length
  const withPr = data.current !== null
  const xs: number[] = []
  for (let i = 0; i < n + (withPr ? 1 : 0); i++) xs.push(i)
  const axisStyle = { stroke: colors.muted, grid: { stroke: colors.line, width: 1 }, ticks: { show: false } }
  const label = (i: number) => (i === n && withPr ? 'PR' : commits[i] ? commits[i].sha.slice(0, 7) : '')
  const urlAt = (i: number) => (i === n && withPr ? data.current.url : commits[i]?.url) || null

  // Every width is read before any chart is drawn: one layout, not one per chart.
  const targets = data.metrics.map((_: Loose, index: number) => document.getElementById(`chart-${index}`))
  const widths = targets.map((el: Loose) => (el ? plotWidth(el) : 0))
  const draw = (metric: Loose, index: number) => {
    const el = targets[index]
    const info = document.getElementById(`info-${index}`)
    if (!el) return
    const pad = (values: Array<number | null>) => (withPr ? [...values, null] : values)
    const reference = pad(
      metric.values.map((v: number | null, i: number) => (commits[i].cpu === data.reference ? v : null)),
    )
    const other = pad(
      metric.values.map((v: number | null, i: number) => (commits[i].cpu !== data.reference ? v : null)),
    )
    const fmt = (_u: Loose, v: number | null) => formatUnitValue(metric.unit, v)
    const series: Loose[] = [
      { label: 'commit', value: (_u: Loose, i: number) => label(i) },
      {
        label: 'value',
        stroke: colors.accent,
        width: 1.5,
        spanGaps: true,
        points: { show: n <= 60, size: 5 },
        value: fmt,
      },
      {
        label: 'other CPU',
        stroke: colors.warn,
        paths: () => null,
        points: { show: true, size: 7, width: 1.5, fill: 'transparent', stroke: colors.warn },
        value: fmt,
      },
    ]
    const columns: Loose[] = [xs, reference, other]
    const bands: Loose[] = []
    if (metric.lo && metric.hi) {
      columns.push(pad(metric.hi), pad(metric.lo))
      series.push(
        { label: 'q3', stroke: 'transparent', points: { show: false }, spanGaps: true, value: fmt },
        { label: 'q1', stroke: 'transparent', points: { show: false }, spanGaps: true, value: fmt },
      )
      bands.push({ series: [3, 4], fill: 'rgba(9, 105, 218, 0.14)' })
    }
    for (const key of ['max', 'min']) {
      if (metric.budget && metric.budget[key] !== undefined) {
        columns.push(xs.map(() => metric.budget[key]))
        series.push({
          label: `budget ${key}`,
          stroke: colors.bad,
          dash: [6, 4],
          width: 1,
          points: { show: false },
          value: fmt,
        })
      }
    }
    if (withPr) {
      columns.push(xs.map((i) => (i === n && metric.current !== undefined ? metric.current : null)))
      series.push({
        label: 'this PR',
        stroke: colors.good,
        paths: () => null,
        points: { show: true, size: 9, fill: colors.good, stroke: colors.good },
        value: fmt,
      })
    }
    const steps: number[] = metric.steps.map((s: Loose) => s.index)
    const plot = new uPlot(
      {
        width: widths[index],
        height: 200,
        legend: { show: false },
        scales: { x: { time: false, range: [-0.5, xs.length - 0.5] } },
        axes: [
          {
            ...axisStyle,
            incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
            space: 60,
            values: (_u: Loose, splits: number[]) => splits.map((i) => (Number.isInteger(i) ? label(i) : '')),
          },
          {
            ...axisStyle,
            size: 64,
            values: (_u: Loose, splits: number[]) => splits.map((v) => fmt(null, v)),
          },
        ],
        series,
        bands,
        hooks: {
          draw: [
            (u: Loose) => {
              const ctx = u.ctx
              ctx.save()
              ctx.strokeStyle = colors.bad
              ctx.setLineDash([3, 3])
              ctx.lineWidth = window.devicePixelRatio || 1
              for (const at of steps) {
                const x = u.valToPos(at - 0.5, 'x', true)
                ctx.beginPath()
                ctx.moveTo(x, u.bbox.top)
                ctx.lineTo(x, u.bbox.top + u.bbox.height)
                ctx.stroke()
              }
              ctx.restore()
            },
          ],
          setCursor: [
            (u: Loose) => {
              const i = u.cursor.idx
              if (!info || i === null || i === undefined) return
              const c = commits[i]
              const value = i === n && withPr ? metric.current : metric.values[i]
              const spread =
                metric.lo && metric.lo[i] !== null && i < n
                  ? ` (IQR ${fmt(null, metric.lo[i])}–${fmt(null, metric.hi[i])})`
                  : ''
              const where = c
                ? `${c.sha.slice(0, 7)} · ${c.date.slice(0, 10)} · ${c.subject}${c.cpu !== data.reference ? ` · ${data.cpus[c.cpu]}` : ''}`
                : `this PR${data.current.sha ? ` ${data.current.sha.slice(0, 7)}` : ''}`
              // textContent: commit subjects are untrusted text.
              info.textContent = `${where}: ${fmt(null, value ?? null)}${spread}`
            },
          ],
        },
      },
      columns,
      el,
    )
    plot.over.addEventListener('click', () => {
      const i = plot.cursor.idx
      const url = i === null || i === undefined ? null : urlAt(i)
      if (url && /^https?:\/\//.test(url)) window.open(url, '_blank', 'noopener')
    })
    el.dataset.points = String(metric.values.filter((v: number | null) => v !== null).length)
    charts.push({ id: metric.id, plot, steps })
  }
  // A few charts at a time, so the first ones show while the rest are drawn (100 charts take a second).
  let next = 0
  const batch = () => {
    const end = Math.min(data.metrics.length, next + 8)
    for (; next < end; next++) draw(data.metrics[next], next)
    if (next < data.metrics.length) window.setTimeout(batch, 0)
    else document.documentElement.dataset.chartsReady = String(charts.length)
  }
  batch()
}
