import { resolve } from 'node:path'
import type { Plugin, ResolvedConfig } from 'vite'
import { PerfgateError, parseOptions } from '../../core/toolkit/index.js'
import { type ServiceWorkerOptions, serviceWorkerSchema } from './options.js'
import { generateWorker } from './workbox.js'

/** The options of `serviceWorkerPlugin`, except the folder (Vite's outDir) and the mode (always generate). */
export type ServiceWorkerViteOptions = Omit<ServiceWorkerOptions, 'dir' | 'mode'>

/**
 * Vite integration: generates the worker into Vite's outDir with Workbox's generateSW, after every file
 * is written (closeBundle, sequential, last), so nothing emitted by other plugins is left out. Measure it
 * in `perfgate run` with `serviceWorkerPlugin({ mode: 'check' })` and the same options.
 */
export function serviceWorker(raw: ServiceWorkerViteOptions = {}): Plugin {
  if (raw && typeof raw === 'object' && ('dir' in raw || 'mode' in raw))
    throw new PerfgateError(
      'CONFIG_INVALID',
      'perfgate service-worker (Vite): "dir" and "mode" are not options here; the worker is generated into build.outDir.',
      { hint: 'Remove them; set build.outDir in the Vite config instead.' },
    )
  const options = parseOptions('perfgate:service-worker (Vite)', serviceWorkerSchema, raw)
  let config: ResolvedConfig
  return {
    name: 'perfgate:service-worker-vite',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const ctx = this as unknown as { environment?: { config?: { consumer?: string } } }
        if (config.build.ssr || ctx.environment?.config?.consumer === 'server') return
        const outDir = resolve(config.root, config.build.outDir)
        const started = performance.now()
        const result = await generateWorker({ ...options, dir: outDir, mode: 'generate' }, outDir)
        const limit = options.maximumFileSizeToCacheInBytes
        const dropped = result.globbed.filter((f) => f.size > limit)
        const precached = result.globbed.length - dropped.length
        config.logger.info(
          `perfgate: ${options.swDest} precaches ${precached} file(s) (${Math.round(performance.now() - started)} ms)`,
        )
        for (const file of dropped)
          config.logger.warn(
            `perfgate: ${file.url} (${file.size} B) is over maximumFileSizeToCacheInBytes (${limit} B) and is not precached`,
          )
        for (const pattern of result.emptyGlobs)
          config.logger.warn(`perfgate: the precache glob "${pattern}" matched no file in ${outDir}`)
      },
    },
  }
}
