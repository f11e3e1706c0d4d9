import type { FindingInput, MetricInput, PluginOutput, RunReport } from '../../core/model/types.js'
import { isCompressible } from '../../core/toolkit/index.js'
import { assignNames } from './names.js'
import type { AssetSize } from './types.js'

const PLUGIN = 'perfgate:bundle'
const PACKAGE = /^bundle\/package\/(.+)\/rendered$/

/** What the next run's derive() needs: each shipped file's content hash and raw size, by emitted path. */
export interface BundleData {
  files: Record<string, { hash: string; raw: number }>
  /**
   * `served`: gzip and brotli only for the types servers compress, raw bytes for the rest. Absent in
   * records of versions that compressed every file.
   */
  sizing?: 'served'
}

export function bundleData(assets: AssetSize[]): Record<string, unknown> {
  const files: BundleData['files'] = {}
  for (const asset of assets) if (!asset.sourceMap) files[asset.file] = { hash: asset.hash, raw: asset.raw }
  return { files, sizing: 'served' } satisfies BundleData
}

/**
 * A baseline saved when every file was compressed counts images, WOFF2 and media a few per cent smaller
 * than this run does. Core compares ids, so this run's totals grow by that much; the finding says by how
 * many bytes (from the baseline's per-file sizes) and how to compare like with like.
 */
export function sizingChangeFinding(baseline: RunReport, before: BundleData): FindingInput | null {
  if (before.sizing === 'served') return null
  const sentAsIs = Object.entries(before.files).filter(([file]) => !isCompressible(file))
  if (sentAsIs.length === 0) return null
  const names = assignNames(Object.entries(before.files).map(([file, { raw }]) => ({ file, raw })))
  const values = new Map(baseline.metrics.filter((m) => m.plugin === PLUGIN).map((m) => [m.id, m.value]))
  let gzip = 0
  let brotli = 0
  let known = true
  for (const [file, { raw }] of sentAsIs) {
    const g = values.get(`bundle/asset/${names.get(file)}/gzip`)
    const b = values.get(`bundle/asset/${names.get(file)}/brotli`)
    if (g === undefined || b === undefined) known = false
    else {
      gzip += raw - g
      brotli += raw - b
    }
  }
  const effect = known
    ? `That alone makes brotli sizes ${brotli.toLocaleString('en')} bytes and gzip sizes ${gzip.toLocaleString('en')} bytes larger than the baseline's`
    : 'That alone makes brotli and gzip sizes larger than the baseline’s by what those files compressed (the baseline has no per-file sizes to say how much)'
  return {
    ruleId: 'bundle/sizing-changed',
    severity: 'warning',
    message: `The baseline was measured when perfgate compressed every file; ${sentAsIs.length} of its files (images, WOFF/WOFF2, media…) are now counted at their raw size, as servers send them. ${effect} in bundle/total, bundle/images, bundle/fonts and bundle/other, so their gzip and brotli rows (and those of the files sent as they are) are not compared with the baseline's until it is saved again; their budgets still apply.`,
    help: 'Save a new baseline on the base branch (merge the upgrade, or run `perfgate baseline save` there) so both sides count sizes the same way; until then those rows are shown but not compared.',
  }
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
    const sizing = sizingChangeFinding(baseline, before)
    if (sizing) findings.push(sizing)
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
