import { z } from 'zod'
import { definePreset, docsUrl } from '../core/toolkit/index.js'
import { type BundleOptions, bundlePlugin } from '../plugins/bundle/index.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { type LighthouseOptions, lighthousePlugin } from '../plugins/lighthouse/index.js'
import { type ServiceWorkerOptions, serviceWorkerPlugin } from '../plugins/service-worker/index.js'
import { FRONTEND_BUDGETS, LIGHTHOUSE_THRESHOLDS } from './budgets.js'
import { pluginOptions } from './options.js'

const spaSchema = z.strictObject({
  host: pluginOptions<HostOptions>().optional(),
  /** The built app; default `{ dir: 'dist' }` (Vite's output). */
  bundle: pluginOptions<BundleOptions>().default({ dir: 'dist' }),
  /** Core Web Vitals of the built pages; default `{ staticDistDir: 'dist', spa: true }`. */
  lighthouse: pluginOptions<LighthouseOptions>().default({ staticDistDir: 'dist', spa: true }),
  /**
   * The app's service worker: `{ mode: 'check' }` for a worker the build makes (perfgate/vite's
   * `serviceWorker()`, vite-plugin-pwa), `{ mode: 'generate', api: ['/api/'] }` to make one. Off unless given.
   */
  serviceWorker: pluginOptions<ServiceWorkerOptions>().optional(),
})

export type SpaOptions = z.input<typeof spaSchema>

/** A single-page app: bundle sizes and Core Web Vitals budgets. */
export const spa = definePreset({
  name: 'spa',
  docs: docsUrl('presets.md', 'spa'),
  schema: spaSchema,
  create: (options) => ({
    plugins: [
      hostPlugin(options.host),
      bundlePlugin(options.bundle),
      lighthousePlugin(options.lighthouse),
      ...(options.serviceWorker ? [serviceWorkerPlugin(options.serviceWorker)] : []),
    ],
    budgets: { ...FRONTEND_BUDGETS },
    thresholds: { ...LIGHTHOUSE_THRESHOLDS },
  }),
})
