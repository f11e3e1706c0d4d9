import type { BreakdownPart, MetricInput } from '../../core/model/types.js'
import { isCompressible } from '../../core/toolkit/index.js'
import type { SizeBreakdowns } from './breakdowns.js'
import type { Compression } from './options.js'
import type { AssetKind, AssetSize } from './types.js'

const ENCODINGS = ['raw', 'gzip', 'brotli'] as const
const KINDS: AssetKind[] = ['js', 'css', 'html', 'images', 'fonts', 'other']
const KIND_TITLES: Record<AssetKind, string> = {
  js: 'JavaScript',
  css: 'CSS',
  html: 'HTML',
  images: 'Images',
  fonts: 'Fonts',
  other: 'Other files',
}
const ENCODING_TITLES = { raw: 'raw', gzip: 'gzip -9', brotli: 'brotli -11' }

export interface GroupSize {
  raw: number
  gzip: number
  brotli: number
}

export function sumSizes(assets: AssetSize[]): GroupSize {
  return assets.reduce(
    (sum, a) => ({ raw: sum.raw + a.raw, gzip: sum.gzip + a.gzip, brotli: sum.brotli + a.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  )
}

/** The groups whose size in the chosen compression gates (and each route's initial JS and CSS); every other size is detail. */
const HEADLINES = new Set(['bundle/total', 'bundle/initial-js', 'bundle/initial-css'])
const isHeadline = (prefix: string) =>
  HEADLINES.has(prefix) || /^bundle\/route\/.+\/initial-(js|css)$/.test(prefix)

/**
 * The compressed sizes of a group that may hold types servers send as they are (images, fonts, media):
 * measured `served` (those files at their raw size). A baseline from a perfgate that compressed every
 * file is then not compared with them: the upgrade, not the change, would move them.
 */
const SERVED = new Set(['bundle/total', 'bundle/images', 'bundle/fonts', 'bundle/other'])

export function sizeMetrics(
  prefix: string,
  title: string,
  size: GroupSize,
  compression: Compression,
  breakdowns?: Record<(typeof ENCODINGS)[number], BreakdownPart[]>,
  served = SERVED.has(prefix),
): MetricInput[] {
  return ENCODINGS.map((enc) => ({
    id: `${prefix}/${enc}`,
    title: `${title} (${ENCODING_TITLES[enc]})`,
    unit: 'bytes',
    better: 'lower',
    value: size[enc],
    timing: false,
    ...(isHeadline(prefix) && enc === compression ? {} : { role: 'detail' as const }),
    ...(served && enc !== 'raw' ? { method: 'served' } : {}),
    ...(breakdowns ? { breakdown: breakdowns[enc] } : {}),
  }))
}

/** The shipped files: everything but source maps. */
export function shipped(assets: AssetSize[]): AssetSize[] {
  return assets.filter((a) => !a.sourceMap)
}

/** The named groups of the bundle: total, initial JS/CSS and each kind. */
export function groupSizes(assets: AssetSize[]): Record<string, GroupSize> {
  const files = shipped(assets)
  const groups: Record<string, GroupSize> = {
    total: sumSizes(files),
    'initial-js': sumSizes(files.filter((a) => a.initial && a.kind === 'js')),
    'initial-css': sumSizes(files.filter((a) => a.initial && a.kind === 'css')),
  }
  for (const kind of KINDS) groups[kind] = sumSizes(files.filter((a) => a.kind === kind))
  return groups
}

/** Every size metric of a measured folder; all exact (bytes, no samples); the headline sizes with their breakdowns when given. */
export function bundleMetrics(
  assets: AssetSize[],
  options: { perAsset: boolean; compression: Compression; breakdowns?: SizeBreakdowns },
): MetricInput[] {
  const c = options.compression
  const files = shipped(assets)
  const groups = groupSizes(assets)
  const why = options.breakdowns
  const metrics: MetricInput[] = [
    ...sizeMetrics('bundle/total', 'Bundle total', groups.total, c, why?.total),
    ...sizeMetrics('bundle/initial-js', 'Initial JavaScript', groups['initial-js'], c, why?.['initial-js']),
    ...sizeMetrics('bundle/initial-css', 'Initial CSS', groups['initial-css'], c, why?.['initial-css']),
  ]
  // A kind with no files says nothing (no all-zero Fonts or Other rows).
  for (const kind of KINDS)
    if (groups[kind].raw > 0)
      metrics.push(...sizeMetrics(`bundle/${kind}`, KIND_TITLES[kind], groups[kind], c))
  metrics.push({
    id: 'bundle/chunks/count',
    title: 'JavaScript chunks',
    unit: 'count',
    better: 'lower',
    value: files.filter((a) => a.kind === 'js').length,
    timing: false,
    role: 'detail',
  })
  if (options.perAsset) {
    for (const asset of files)
      metrics.push(
        ...sizeMetrics(
          `bundle/asset/${asset.name}`,
          asset.name,
          asset,
          c,
          undefined,
          !isCompressible(asset.file),
        ),
      )
  }
  return metrics
}
