import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { Plugin, ResolvedConfig, Rollup } from 'vite'
import { z } from 'zod'
import type { HostFingerprint, Metric, RunReport } from '../../core/model/types.js'
import {
  cacheDirOption,
  describeBudgetBreach,
  errorMessage,
  judge,
  parseOptions,
} from '../../core/toolkit/index.js'
import { analyzeDir } from './analyze.js'
import { openSizeCache } from './cache.js'
import { bundleMetrics } from './metrics.js'
import { sizeTable } from './table.js'
import type { ViteBundleData } from './types.js'
import { collectChunks } from './vite-collect.js'
import { VITE_DATA_FILE } from './vite-data.js'

type OutputBundle = Rollup.OutputBundle

const budgetSchema = z.strictObject({ max: z.number().optional(), min: z.number().optional() })

const viteOptionsSchema = z.strictObject({
  /** Metric id or glob → `{ max }` / `{ min }`, as in perfgate's config, e.g. `{ 'bundle/initial-js/brotli': { max: 500_000 } }`. */
  budgets: z.record(z.string(), budgetSchema).default({}),
  /** Fail `vite build` when a budget is exceeded. Default false (the table shows it). */
  failOnBudget: z.boolean().default(false),
  /** Where to write the data `bundlePlugin` reads, relative to the Vite root. Default `.perfgate/bundle.json`. */
  output: z.string().min(1).optional(),
  /**
   * Treemap HTML from rollup-plugin-visualizer (install it: `rollup-plugin-visualizer@6`) next to the data
   * (`treemap.html`). Default false: its per-module gzip and brotli cost more than the build itself.
   */
  treemap: z.boolean().default(false),
  /** Print the size table after the build. */
  table: z.boolean().default(true),
  /** Files listed in the table, largest (brotli) first. */
  tableFiles: z.number().int().positive().default(10),
  /** SSR builds: `false` (default) skips them; `true` measures them into `bundle.ssr.json`, apart from client sizes. */
  ssr: z.boolean().default(false),
  /** The compression whose headline sizes gate, as bundlePlugin's `compression`. */
  compression: z.enum(['brotli', 'gzip']).default('brotli'),
  /** Compressed-size cache folder; `false` disables. Default `node_modules/.cache/perfgate`. */
  cache: z.union([z.string().min(1), z.literal(false)]).optional(),
})

export type PerfgateViteOptions = z.input<typeof viteOptionsSchema>

interface RuntimeContext {
  environment?: { name?: string; config?: { consumer?: string } }
  error(message: string): never
  getModuleInfo?(id: string): { importers?: readonly string[] } | null
}

/**
 * `perfgate/vite`: sizes, module data, a size table and budgets during `vite build`.
 * Everything happens in writeBundle, which sees the bundle as written: every extra JS hook costs a
 * Rolldown build a few milliseconds (measured), and starting compression earlier gained nothing.
 */
export default function perfgate(raw: PerfgateViteOptions = {}): Plugin {
  const options = parseOptions('perfgate/vite', viteOptionsSchema, raw)
  let config: ResolvedConfig
  let treemap: string | undefined

  const isServer = (ctx: RuntimeContext) =>
    Boolean(config.build.ssr) || ctx.environment?.config?.consumer === 'server'
  const dataPath = (server: boolean) => {
    const path = resolve(config.root, options.output ?? VITE_DATA_FILE)
    return server ? path.replace(/\.json$/, '.ssr.json') : path
  }

  const plugin: Plugin = {
    name: 'perfgate:bundle-vite',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved
    },
    async writeBundle(outputOptions, bundle) {
      const ctx = this as unknown as RuntimeContext
      const server = isServer(ctx)
      if (server && !options.ssr) return
      const outDir = resolve(config.root, outputOptions.dir ?? config.build.outDir)
      const cache = await openSizeCache(cacheDirOption(options.cache, config.root))
      // The bundle as written is in memory; other files in outDir (publicDir copies) are read.
      const written = outputContents(bundle)
      const { assets } = await analyzeDir(outDir, { cache, known: written })
      await cache.save()
      // Vite's own manifests are build metadata, not deployed: Nuxt moves its `manifest.json` to the
      // server, SvelteKit's adapters drop `.vite/`. Listed, they would make the data look stale.
      const buildManifests = manifestFiles(config, this.meta.viteVersion)
      const chunks = collectChunks(bundle as Record<string, { type: string }>, config.root, (id) =>
        ctx.getModuleInfo?.(id),
      )

      const budgets = Object.entries(options.budgets).map(([pattern, b]) => ({
        ...b,
        pattern,
        source: 'vite',
      }))
      const { metrics }: { metrics: Metric[] } = judge(
        {
          ...viteReportFrame,
          metrics: bundleMetrics(assets, { perAsset: true, compression: options.compression }).map((m) => ({
            ...m,
            plugin: 'perfgate:bundle',
            value: m.value ?? 0,
            verdict: 'new' as const,
          })),
        },
        null,
        { budgets, failOn: 'budget' },
      )

      const data: ViteBundleData = {
        version: 1,
        tool: 'perfgate/vite',
        createdAt: new Date().toISOString(),
        viteVersion: (this as unknown as { meta?: { viteVersion?: string } }).meta?.viteVersion ?? 'unknown',
        root: config.root,
        outDir,
        ssr: server,
        // The files this build wrote: others in outDir may be another build's, gone before deployment
        // (Astro's server build leaves `_noop-middleware.mjs` there until its client build is done).
        files: Object.fromEntries(
          assets
            .filter((a) => written.has(a.file) && !buildManifests.has(a.file))
            .map((a) => [a.file, { hash: a.hash, raw: a.raw }]),
        ),
        chunks,
        ...(treemap ? { treemap } : {}),
      }
      const path = dataPath(server)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, `${JSON.stringify(data, null, 2)}\n`)

      const label = server ? 'perfgate: SSR bundle sizes (gzip -9, brotli -11)' : undefined
      if (options.table !== false)
        config.logger.info(`\n${sizeTable(assets, metrics, { files: options.tableFiles, title: label })}`)
      const exceeded = metrics.filter((m) => m.budget?.status === 'exceeded')
      if (exceeded.length === 0) return
      const lines = exceeded.map(describeBudgetBreach)
      const message = `perfgate: ${exceeded.length} bundle budget(s) exceeded: ${lines.join('; ')}`
      if (options.failOnBudget) ctx.error(message)
      config.logger.warn(message)
    },
  }
  if (options.treemap !== true) return plugin

  // rollup-plugin-visualizer reads the bundle in generateBundle; only then does perfgate hook it.
  plugin.generateBundle = async function (outputOptions, bundle) {
    const server = isServer(this as unknown as RuntimeContext)
    if (server && !options.ssr) return
    treemap = join(dirname(dataPath(server)), server ? 'treemap.ssr.html' : 'treemap.html')
    try {
      const { visualizer } = await import('rollup-plugin-visualizer')
      const visualizerPlugin = visualizer({
        filename: treemap,
        template: 'treemap',
        gzipSize: true,
        brotliSize: true,
        projectRoot: config.root,
        title: 'perfgate treemap',
      }) as unknown as { generateBundle: (this: unknown, o: unknown, b: unknown) => Promise<void> }
      await visualizerPlugin.generateBundle.call(this, outputOptions, bundle)
    } catch (error) {
      treemap = undefined
      config.logger.warn(
        `perfgate: treemap skipped (${errorMessage(error)}). Install rollup-plugin-visualizer@6, or set treemap: false.`,
      )
    }
  }
  return plugin
}

/** The files `build.manifest` and `build.ssrManifest` write (`.vite/` since Vite 5), relative to outDir. */
function manifestFiles(config: ResolvedConfig, viteVersion: string | undefined): Set<string> {
  const folder = Number.parseInt(viteVersion ?? '5', 10) >= 5 ? '.vite/' : ''
  const file = (option: boolean | string, name: string) =>
    option === true ? `${folder}${name}` : typeof option === 'string' ? option.replace(/^\.\//, '') : null
  return new Set(
    [
      file(config.build.manifest, 'manifest.json'),
      file(config.build.ssrManifest, 'ssr-manifest.json'),
    ].filter((f): f is string => f !== null),
  )
}

/** Each emitted file's content by its path relative to the output folder. */
function outputContents(bundle: OutputBundle): Map<string, Buffer> {
  const contents = new Map<string, Buffer>()
  for (const output of Object.values(bundle)) {
    const content = output.type === 'chunk' ? output.code : output.source
    contents.set(
      output.fileName,
      typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content),
    )
  }
  return contents
}

/** `vite build` judges budgets only: no baseline, no host, no other plugins. */
const viteReportFrame: Omit<RunReport, 'summary' | 'metrics'> = {
  schemaVersion: 1,
  tool: { name: 'perfgate', version: 'vite' },
  createdAt: new Date(0).toISOString(),
  commit: null,
  branch: null,
  baseCommit: null,
  host: {} as HostFingerprint,
  plugins: [],
  findings: [],
  artifacts: [],
}
