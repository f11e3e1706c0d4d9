import { z } from 'zod'
import { definePreset, docsUrl } from '../core/toolkit/index.js'
import { type BundleOptions, bundlePlugin } from '../plugins/bundle/index.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { type LighthouseOptions, lighthousePlugin } from '../plugins/lighthouse/index.js'
import { FRONTEND_BUDGETS } from './budgets.js'
import { pluginOptions } from './options.js'

const spaSchema = z.strictObject({
  host: pluginOptions<HostOptions>().optional(),
  /** The built app; default `{ dir: 'dist' }` (Vite's output). */
  bundle: pluginOptions<BundleOptions>().default({ dir: 'dist' }),
  /** Core Web Vitals of the built pages; default `{ staticDistDir: 'dist', spa: true }`. */
  lighthouse: pluginOptions<LighthouseOptions>().default({ staticDistDir: 'dist', spa: true }),
})

export type SpaOptions = z.input<typeof spaSchema>

/** A single-page app: bundle sizes and Core Web Vitals budgets. */
export const spa = definePreset({
  name: 'spa',
  docs: docsUrl('presets.md', 'spa'),
  schema: spaSchema,
  create: (options) => ({
    plugins: [hostPlugin(options.host), bundlePlugin(options.bundle), lighthousePlugin(options.lighthouse)],
    budgets: { ...FRONTEND_BUDGETS },
  }),
})
