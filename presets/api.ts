import type { Preset } from '../core/config/types.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { API_BUDGETS, HOST_BUDGETS } from './budgets.js'

export interface ApiOptions {
  host?: HostOptions
}

/** An HTTP API: latency, error rate and throughput budgets, and the host it ran on. */
export function api(options: ApiOptions = {}): Preset {
  return { name: 'api', plugins: [hostPlugin(options.host)], budgets: { ...API_BUDGETS, ...HOST_BUDGETS } }
}
