import type { FindingInput, MetricInput, PluginOutput, RunReport } from '../../core/model/types.js'
import type { AssetSize } from './types.js'

const PLUGIN = 'perfgate:bundle'
const PACKAGE = /^bundle\/package\/(.+)\/rendered$/

/** What the next run's derive() needs: each shipped file's content hash and raw size, by emitted path. */
export interface BundleData {
  files: Record<string, { hash: string; raw: number }>
}

export function bundleData(assets: AssetSize[]): Record<string, unknown> {
  const files: BundleData['files'] = {}
  for (const asset of assets) if (!asset.sourceMap) files[asset.file] = { hash: asset.hash, raw: asset.raw }
  return { files } satisfies BundleData
}

function dataOf(report: RunReport): BundleData | null {
  const data = report.plugins.find((p) => p.name === PLUGIN)?.data as Partial<BundleData> | undefined
  return data?.files && typeof data.files === 'object' ? (data as BundleData) : null
}

function packages(report: RunReport): Set<string> {
  return new Set(report.metrics.flatMap((m) => (m.plugin === PLUGIN ? (m.id.match(PACKAGE)?.[1] ?? []) : [])))
}

/**
 * Baseline-relative metrics, both change costs (they describe this change; budgets judge them, the
 * baseline's own derived value never does). Cache invalidation: the bytes of the current bundle a
 * returning visitor downloads again — files whose URL is new or whose content hash differs from the
 * baseline's file at that URL (a same-size edit counts). New packages: npm packages (from perfgate/vite data) absent from the baseline.
 */
export function deriveBundle(current: RunReport, baseline: RunReport): PluginOutput {
  const metrics: MetricInput[] = []
  const findings: FindingInput[] = []
  const now = dataOf(current)
  const before = dataOf(baseline)
  if (now && before) {
    let total = 0
    let changed = 0
    for (const [file, { hash, raw }] of Object.entries(now.files)) {
      total += raw
      // A returning visitor's cache is keyed by URL: same URL and same content is a hit.
      if (before.files[file]?.hash !== hash) changed += raw
    }
    metrics.push(
      {
        id: 'bundle/cache/invalidated',
        title: 'Share of bytes a returning visitor downloads again',
        unit: 'percent',
        better: 'lower',
        value: total === 0 ? 0 : Math.round((changed / total) * 10_000) / 100,
        timing: false,
        role: 'change-cost',
      },
      {
        id: 'bundle/cache/invalidated-bytes',
        title: 'Bytes a returning visitor downloads again',
        unit: 'bytes',
        better: 'lower',
        value: changed,
        timing: false,
        role: 'change-cost',
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
      role: 'change-cost',
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
