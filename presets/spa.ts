import type { Preset } from '../core/config/types.js'
import { type BundleOptions, bundlePlugin } from '../plugins/bundle/index.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { type LighthouseOptions, lighthousePlugin } from '../plugins/lighthouse/index.js'
import { FRONTEND_BUDGETS } from './budgets.js'

export interface SpaOptions {
  host?: HostOptions
  /** The built app; default `{ dir: 'dist' }` (Vite's output). */
  bundle?: BundleOptions
  /** Core Web Vitals of the built pages; default `{ staticDistDir: 'dist', spa: true }`. */
  lighthouse?: LighthouseOptions
}

/** A single-page app: bundle sizes and Core Web Vitals budgets. */
export function spa(options: SpaOptions = {}): Preset {
  return {
    name: 'spa',
    plugins: [
      hostPlugin(options.host),
      bundlePlugin(options.bundle ?? { dir: 'dist' }),
      lighthousePlugin(options.lighthouse ?? { staticDistDir: 'dist', spa: true }),
    ],
    budgets: { ...FRONTEND_BUDGETS },
  }
}
