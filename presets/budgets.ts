import type { BudgetInput } from '../core/config/types.js'

/** The seed system's KPIs, as budgets on perfgate's metric ids. */
export const HOST_BUDGETS: Record<string, BudgetInput> = {
  'host/cpu/busy': { max: 80 },
  'host/memory/used': { max: 85 },
  'host/disk/used': { max: 90 },
}

export const FRONTEND_BUDGETS: Record<string, BudgetInput> = {
  'bundle/initial-js/gzip': { max: 500_000 },
  'lighthouse/*/lcp': { max: 2500 },
  'lighthouse/*/cls': { max: 0.1 },
  'lighthouse/*/tbt': { max: 200 },
  'lighthouse/*/score': { min: 90 },
}

export const API_BUDGETS: Record<string, BudgetInput> = {
  'bench/http/*/latency-avg': { max: 1000 },
  'bench/http/*/error-rate': { max: 5 },
  'bench/http/*/rps': { min: 1000 },
}
