import type { FindingInput, MetricInput, PluginOutput, RunReport } from '../../core/model/types.js'

const PLUGIN = 'perfgate:bundle'
const ASSET = /^bundle\/asset\/(.+)\/(raw|brotli)$/
const PACKAGE = /^bundle\/package\/(.+)\/rendered$/

function assetSizes(report: RunReport): Map<string, { raw?: number; brotli?: number }> {
  const sizes = new Map<string, { raw?: number; brotli?: number }>()
  for (const metric of report.metrics) {
    const m = metric.plugin === PLUGIN ? metric.id.match(ASSET) : null
    if (!m) continue
    const entry = sizes.get(m[1]) ?? {}
    entry[m[2] as 'raw' | 'brotli'] = metric.value
    sizes.set(m[1], entry)
  }
  return sizes
}

function packages(report: RunReport): Set<string> {
  return new Set(report.metrics.flatMap((m) => (m.plugin === PLUGIN ? (m.id.match(PACKAGE)?.[1] ?? []) : [])))
}

/**
 * Baseline-relative metrics. Cache invalidation: the share of the current bundle's bytes a returning visitor
 * downloads again. Reports hold sizes, not content hashes, so a file counts as changed when it is new or its
 * raw or brotli size differs from the baseline's (a same-size edit is missed, which both sizes make rare).
 * New packages: npm packages (from perfgate/vite data) absent from the baseline.
 */
export function deriveBundle(current: RunReport, baseline: RunReport): PluginOutput {
  const metrics: MetricInput[] = []
  const findings: FindingInput[] = []
  const now = assetSizes(current)
  const before = assetSizes(baseline)
  if (now.size > 0 && before.size > 0) {
    let total = 0
    let changed = 0
    for (const [name, size] of now) {
      const raw = size.raw ?? 0
      total += raw
      const old = before.get(name)
      if (!old || old.raw !== size.raw || old.brotli !== size.brotli) changed += raw
    }
    metrics.push(
      {
        id: 'bundle/cache/invalidated',
        title: 'Bytes a returning visitor downloads again (share)',
        unit: 'percent',
        better: 'lower',
        value: total === 0 ? 0 : (changed / total) * 100,
        timing: false,
      },
      {
        id: 'bundle/cache/invalidated-bytes',
        title: 'Bytes a returning visitor downloads again',
        unit: 'bytes',
        better: 'lower',
        value: changed,
        timing: false,
      },
    )
  }
  const pkgNow = packages(current)
  const pkgBefore = packages(baseline)
  if (pkgNow.size > 0 && pkgBefore.size > 0) {
    const added = [...pkgNow].filter((p) => !pkgBefore.has(p)).sort()
    metrics.push({
      id: 'bundle/packages/new',
      title: 'npm packages new since the baseline',
      unit: 'count',
      better: 'lower',
      value: added.length,
      timing: false,
    })
    for (const name of added)
      findings.push({
        ruleId: 'bundle/new-package',
        severity: 'info',
        message: `New npm package in the bundle since the baseline: ${name.includes('/') ? `@${name}` : name}.`,
        help: 'Check that it is meant to ship to the browser and that a lighter alternative would not do.',
      })
  }
  return { metrics, findings }
}
