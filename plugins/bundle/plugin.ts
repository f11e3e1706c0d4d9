import { copyFile, readdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { FindingInput, MetricInput, PluginContext, PluginOutput } from '../../core/model/types.js'
import {
  type CompressionProgress,
  cacheDirOption,
  definePlugin,
  docsUrl,
  PerfgateError,
  toIdPath,
} from '../../core/toolkit/index.js'
import { type Analysis, analyzeDir } from './analyze.js'
import { sizeBreakdowns } from './breakdowns.js'
import { openSizeCache } from './cache.js'
import { bundleData, deriveBundle } from './derive.js'
import { processImages } from './images.js'
import {
  duplicateFindings,
  largeInitialDependencyFindings,
  packageSizes,
  sourceMapFindings,
  unminifiedFindings,
} from './insights.js'
import { bundleMetrics } from './metrics.js'
import { bundleOptionsSchema, type ResolvedBundleOptions } from './options.js'
import { precompress } from './precompress.js'
import { readRoutes, routeInitialFiles, routeMetrics } from './routes.js'
import type { ViteBundleData } from './types.js'
import { loadViteData, viteDataCandidates } from './vite-data.js'
import { loadWebpackStats, statsCandidates } from './webpack-stats.js'

/**
 * Sizes of a built folder from the files actually emitted: raw, gzip -9, brotli -11, with insights.
 * Only the headline sizes (total, initial JS, initial CSS in one compression) gate; the rest is detail.
 */
export const bundlePlugin = definePlugin({
  meta: {
    name: 'perfgate:bundle',
    docs: docsUrl('bundle.md'),
    rules: {
      'bundle/duplicate-package': {
        description: 'One npm package is bundled in several versions or copies.',
      },
      'bundle/large-initial-dependency': { description: 'A large dependency is loaded before interaction.' },
      'bundle/source-map-shipped': { description: 'Source maps are emitted into the deployed folder.' },
      'bundle/unminified-js': { description: 'A JavaScript file looks unminified.' },
      'bundle/unminified-css': { description: 'A CSS file looks unminified.' },
      'bundle/image-could-shrink': { description: 'Re-encoding an image would save a share of its bytes.' },
      'bundle/new-package': { description: 'An npm package is new in the bundle since the baseline.' },
      'bundle/sizing-changed': {
        description:
          'The baseline counted already-compressed files smaller than this version of perfgate does.',
      },
    },
  },
  schema: bundleOptionsSchema,
  create: (options) => ({
    collect: (ctx) => collectBundle(ctx, options),
    derive: (current, baseline) => deriveBundle(current, baseline),
  }),
})

async function checkDir(dir: string, options: ResolvedBundleOptions) {
  const build = options.buildCommand
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch {
    throw new PerfgateError('USAGE', `The bundle folder ${dir} does not exist.`, {
      hint: `Build the app first (\`${build}\`), or set \`dir\` of bundlePlugin() to the folder your build writes.`,
    })
  }
  if (entries.length === 0)
    throw new PerfgateError('USAGE', `The bundle folder ${dir} is empty.`, {
      hint: `Build the app first (\`${build}\`), or set \`dir\` of bundlePlugin() to the folder your build writes.`,
    })
}

export async function collectBundle(
  ctx: PluginContext,
  options: ResolvedBundleOptions,
): Promise<PluginOutput> {
  const dir = resolve(ctx.cwd, options.dir)
  await checkDir(dir, options)
  // Image analysis stops early enough to leave time for the report (5 % of the time left, at least 5 s).
  const imagesUntil = ctx.deadline - Math.max(5_000, (ctx.deadline - Date.now()) * 0.05)
  const cache = await openSizeCache(cacheDirOption(options.cache, ctx.cwd))
  const analyze = () =>
    analyzeDir(dir, {
      cache,
      workers: options.workers,
      signal: ctx.signal,
      onProgress: throttledProgress(ctx),
    })

  ctx.progress.update('reading and compressing files')
  let analysis: Analysis = await analyze()
  // Read before optimising: the data's file hashes describe the folder as Vite wrote it. A stats file
  // named by the option is read instead; one found by default only when there is no Vite data.
  const viteData =
    (typeof options.stats === 'string'
      ? null
      : await loadViteData(
          viteDataCandidates(options.viteData, ctx.cwd, dir),
          analysis.assets,
          ctx.logger,
        )) ??
    (await loadWebpackStats(
      statsCandidates(options.stats, ctx.cwd, dir),
      typeof options.stats === 'string',
      ctx.cwd,
      dir,
      analysis.assets,
      ctx.logger,
    ))

  const findings: FindingInput[] = []
  const metrics: MetricInput[] = []
  if (options.images.analyze || options.images.optimize) {
    ctx.progress.update('images')
    const images = await processImages(
      dir,
      analysis.assets,
      analysis.contents,
      options.images,
      cache,
      ctx.logger,
      imagesUntil,
    )
    findings.push(...images.findings)
    if (options.images.optimize) {
      metrics.push({
        id: 'bundle/optimizer/images-saved',
        title: 'Bytes saved by re-encoding images',
        unit: 'bytes',
        better: 'higher',
        value: images.saved,
        timing: false,
      })
      if (images.optimized.length > 0) analysis = await analyze()
    }
  }
  if (options.precompress) {
    ctx.progress.update('precompressing')
    const written = await precompress(dir, analysis.contents)
    ctx.logger.info(`Wrote ${written.length} precompressed file(s) (.gz, .br) in ${dir}.`)
  }

  const { assets, contents } = analysis
  // A server-rendered build has no HTML entries: what its routes load first is the site-wide initial set.
  const routes = await readRoutes(options.routes, dir, ctx.cwd, assets, ctx.logger)
  const routeInitial = routes ? routeInitialFiles(routes) : new Set<string>()
  for (const asset of assets) if (routeInitial.has(asset.file)) asset.initial = true
  metrics.unshift(
    ...bundleMetrics(assets, {
      perAsset: options.perAsset,
      compression: options.compression,
      breakdowns: sizeBreakdowns(assets, viteData),
    }),
    ...(routes ? routeMetrics(routes, assets, options.compression, viteData) : []),
  )
  findings.push(...sourceMapFindings(assets), ...unminifiedFindings(assets, contents))
  if (viteData) {
    const initial = new Set(assets.filter((a) => a.initial).map((a) => a.file))
    findings.push(
      ...duplicateFindings(viteData),
      ...largeInitialDependencyFindings(viteData, initial, options.largeDependency),
    )
    metrics.push(...packageMetrics(viteData))
  }
  await cache.save()

  const artifacts = [{ kind: 'json', path: 'assets.json' }]
  await writeFile(
    join(ctx.outDir, 'assets.json'),
    `${JSON.stringify({ dir, assets, vite: viteData !== null }, null, 2)}\n`,
  )
  if (viteData?.treemap) {
    try {
      await copyFile(viteData.treemap, join(ctx.outDir, 'treemap.html'))
      artifacts.push({ kind: 'treemap', path: 'treemap.html' })
    } catch {
      ctx.logger.debug(`No treemap at ${viteData.treemap}.`)
    }
  }
  return { metrics, findings, artifacts, data: bundleData(assets) }
}

/** `compressing 1,200/2,000 files · 40/100 MB`, at most every 500 ms and at the end. */
function throttledProgress(ctx: PluginContext): (p: CompressionProgress) => void {
  let last = 0
  return (p) => {
    const now = Date.now()
    if (now - last < 500 && p.files < p.totalFiles) return
    last = now
    const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)
    ctx.progress.update(
      `compressing ${p.files.toLocaleString('en')}/${p.totalFiles.toLocaleString('en')} files · ${mb(p.bytes)}/${mb(p.totalBytes)} MB`,
    )
  }
}

function packageMetrics(data: ViteBundleData): MetricInput[] {
  const ids = new Set<string>()
  const metrics: MetricInput[] = []
  for (const [name, bytes] of [...packageSizes(data)].sort(([a], [b]) => a.localeCompare(b))) {
    const id = `bundle/package/${toIdPath(name.replace(/^@/, ''))}/rendered`
    if (ids.has(id)) continue
    ids.add(id)
    metrics.push({
      id,
      title: `${name} (rendered, before compression)`,
      unit: 'bytes',
      better: 'lower',
      value: bytes,
      timing: false,
      role: 'detail',
    })
  }
  return metrics
}
