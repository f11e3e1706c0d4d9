import type { Preset } from '../core/config/types.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { API_BUDGETS, FRONTEND_BUDGETS, HOST_BUDGETS } from './budgets.js'

export interface RecommendedOptions {
  host?: HostOptions
}

/** Everything perfgate can measure without project-specific setup, with the seed's KPIs as budgets. */
export function recommended(options: RecommendedOptions = {}): Preset {
  return {
    name: 'recommended',
    plugins: [hostPlugin(options.host)],
    budgets: { ...HOST_BUDGETS, ...FRONTEND_BUDGETS, ...API_BUDGETS },
  }
}
