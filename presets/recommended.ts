import type { Preset } from '../core/config/types.js'
import type { PerfgatePlugin } from '../core/model/types.js'
import { type BenchOptions, benchPlugin } from '../plugins/bench/index.js'
import { type BundleOptions, bundlePlugin } from '../plugins/bundle/index.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { type LighthouseOptions, lighthousePlugin } from '../plugins/lighthouse/index.js'
import { API_BUDGETS, FRONTEND_BUDGETS, HOST_BUDGETS } from './budgets.js'

export interface RecommendedOptions {
  host?: HostOptions
  /** A built folder to analyse (`{ dir: 'dist' }`); off unless given, since not every project builds one. */
  bundle?: BundleOptions
  /** Bench files and HTTP scenarios; off unless given, since they need the project's server command. */
  bench?: BenchOptions
  /** Pages to audit in Chrome (`{ staticDistDir: 'dist' }` or `{ urls }`); off unless given. */
  lighthouse?: LighthouseOptions
}

/** Everything perfgate can measure, with the seed system's KPIs as budgets. */
export function recommended(options: RecommendedOptions = {}): Preset {
  const plugins: PerfgatePlugin[] = [hostPlugin(options.host)]
  if (options.bundle) plugins.push(bundlePlugin(options.bundle))
  if (options.lighthouse) plugins.push(lighthousePlugin(options.lighthouse))
  if (options.bench) plugins.push(benchPlugin(options.bench))
  return { name: 'recommended', plugins, budgets: { ...HOST_BUDGETS, ...FRONTEND_BUDGETS, ...API_BUDGETS } }
}
