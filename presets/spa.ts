import type { Preset } from '../core/config/types.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { FRONTEND_BUDGETS } from './budgets.js'

export interface SpaOptions {
  host?: HostOptions
}

/** A single-page app: bundle sizes and Core Web Vitals budgets. */
export function spa(options: SpaOptions = {}): Preset {
  return { name: 'spa', plugins: [hostPlugin(options.host)], budgets: { ...FRONTEND_BUDGETS } }
}
