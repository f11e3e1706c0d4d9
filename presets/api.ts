import type { Preset } from '../core/config/types.js'
import type { PerfgatePlugin } from '../core/model/types.js'
import { type BenchOptions, benchPlugin } from '../plugins/bench/index.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { API_BUDGETS, HOST_BUDGETS } from './budgets.js'

export interface ApiOptions {
  host?: HostOptions
  /** Your server and its scenarios: `{ http: { command, readyPath, scenarios } }`. */
  bench?: BenchOptions
}

/** An HTTP API: latency, error rate and throughput budgets, and the host it ran on. */
export function api(options: ApiOptions = {}): Preset {
  const plugins: PerfgatePlugin[] = [hostPlugin(options.host)]
  if (options.bench) plugins.push(benchPlugin(options.bench))
  return { name: 'api', plugins, budgets: { ...API_BUDGETS, ...HOST_BUDGETS } }
}
