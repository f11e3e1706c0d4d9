import type { BudgetInput } from '../core/config/types.js'

// The limits of the KPI table ("效能指標與KPI") of the monitoring and optimisation system perfgate grew
// from, as budgets on perfgate's metric ids. Where that table names no figure (TBT, the Lighthouse
// score), Lighthouse's own "good" thresholds are used.

/** System: CPU < 80 %, memory < 85 %, disk < 90 %. */
export const HOST_BUDGETS: Record<string, BudgetInput> = {
  'host/cpu/busy': { max: 80 },
  'host/memory/used': { max: 85 },
  'host/disk/used': { max: 90 },
}

/**
 * Front end: bundle < 500 KB (initial JS, gzip), LCP < 2.5 s, CLS < 0.1; TBT ≤ 200 ms and score ≥ 90
 * (Lighthouse).
 */
export const FRONTEND_BUDGETS: Record<string, BudgetInput> = {
  'bundle/initial-js/gzip': { max: 500_000 },
  'lighthouse/*/lcp': { max: 2500 },
  'lighthouse/*/cls': { max: 0.1 },
  'lighthouse/*/tbt': { max: 200 },
  'lighthouse/*/score': { min: 90 },
  // Not in that table: what a returning visitor's service worker downloads, kept under the bundle's
  // own 500 KB, and a precache no larger than twice that.
  'service-worker/precache/brotli': { max: 1_000_000 },
  'service-worker/update-cost': { max: 500_000 },
}

/** Services: average response < 1000 ms, error rate < 5 %, throughput > 1000 requests/s. */
export const API_BUDGETS: Record<string, BudgetInput> = {
  'bench/http/*/latency-avg': { max: 1000 },
  'bench/http/*/error-rate': { max: 5 },
  'bench/http/*/rps': { min: 1000 },
}

/** Cache: hit rate > 80 %. */
export const CACHE_BUDGETS: Record<string, BudgetInput> = {
  'cache/redis/*/hit-rate': { min: 80 },
}
