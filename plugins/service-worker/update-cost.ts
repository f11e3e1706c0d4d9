import type { FindingInput, MetricInput, PluginOutput, RunReport } from '../../core/model/types.js'
import { isCompressible } from '../../core/toolkit/index.js'
import type { WorkerFile } from './files.js'

export const PLUGIN_NAME = 'perfgate:service-worker'

/** What a run keeps for the next run's update cost (`report.plugins[].data`). */
export interface ServiceWorkerData {
  version: 1
  manifest: Array<{ url: string; revision: string | null; size: number | null }>
  /** The worker script first, then the scripts it imports. */
  worker: WorkerFile[]
  /**
   * `served`: precache/brotli counts brotli for the types servers compress and raw bytes for the rest.
   * Absent in records of versions that compressed every file.
   */
  sizing?: 'served'
}

export interface UpdateCost {
  /** Bytes a returning visitor's worker downloads: changed entries plus the worker files. */
  bytes: number
  /** Manifest entries whose cache key is new. */
  entries: number
  workerBytes: number
}

/** Workbox's cache key (workbox-precaching createCacheKey): the URL, plus the revision when there is one. */
export function cacheKey(entry: { url: string; revision: string | null }): string {
  return entry.revision === null ? entry.url : `${entry.url}?__WB_REVISION__=${entry.revision}`
}

/**
 * On install, a Workbox worker skips every entry whose cache key is already cached, and fetches the
 * rest. The browser always fetches the worker script to look for an update; when it changed, the new
 * version also fetches the scripts it imports.
 */
export function updateCost(current: ServiceWorkerData, baseline: ServiceWorkerData): UpdateCost {
  const cached = new Set(baseline.manifest.map(cacheKey))
  const fetched = current.manifest.filter((e) => !cached.has(cacheKey(e)))
  const [script, ...imports] = current.worker
  const before = baseline.worker.find((w) => w.file === script?.file)
  const workerBytes = !script
    ? 0
    : before?.sha256 === script.sha256
      ? script.size
      : script.size + imports.reduce((sum, w) => sum + w.size, 0)
  const entryBytes = fetched.reduce((sum, e) => sum + (e.size ?? 0), 0)
  return { bytes: entryBytes + workerBytes, entries: fetched.length, workerBytes }
}

/** The plugin's data in a report, when it is there and has the expected shape (reports are untrusted). */
export function dataOf(report: RunReport): ServiceWorkerData | null {
  const data = report.plugins.find((p) => p.name === PLUGIN_NAME && p.status === 'ok')?.data as
    | Partial<ServiceWorkerData>
    | undefined
  if (data?.version !== 1 || !Array.isArray(data.manifest) || !Array.isArray(data.worker)) return null
  const entryOk = (e: unknown) => {
    const x = e as ServiceWorkerData['manifest'][number]
    return (
      typeof x?.url === 'string' &&
      (x.revision === null || typeof x.revision === 'string') &&
      (x.size === null || typeof x.size === 'number')
    )
  }
  const workerOk = (w: unknown) => {
    const x = w as WorkerFile
    return typeof x?.file === 'string' && typeof x.size === 'number' && typeof x.sha256 === 'string'
  }
  return data.manifest.every(entryOk) && data.worker.every(workerOk) ? (data as ServiceWorkerData) : null
}

/**
 * A baseline saved when every precached file was compressed counts images and WOFF2 a few per cent
 * smaller in precache/brotli than this run does: the finding says so and how to compare like with like.
 */
export function sizingChangeFinding(now: ServiceWorkerData, before: ServiceWorkerData): FindingInput | null {
  if (now.sizing !== 'served' || before.sizing === 'served') return null
  const sentAsIs = now.manifest.filter((e) => !isCompressible(e.url.split(/[?#]/)[0]))
  if (sentAsIs.length === 0) return null
  return {
    ruleId: 'service-worker/sizing-changed',
    severity: 'warning',
    message: `The baseline was measured when perfgate compressed every precached file; ${sentAsIs.length} of them (images, WOFF/WOFF2, media…) are now counted at their raw size, as servers send them. service-worker/precache/brotli is therefore not compared with the baseline's (it would be larger by about what those files compressed, whatever this change did); its budget still applies.`,
    help: 'Save a new baseline on the base branch (merge the upgrade, or run `perfgate baseline save` there) so both sides count sizes the same way; until then, precache/brotli is shown but not compared.',
  }
}

/** `derive()`: the update cost against the baseline's manifest; nothing when either report lacks one. */
export function deriveUpdateCost(current: RunReport, baseline: RunReport): PluginOutput {
  const now = dataOf(current)
  const before = dataOf(baseline)
  if (!now || !before) return {}
  const cost = updateCost(now, before)
  const sizing = sizingChangeFinding(now, before)
  const metrics: MetricInput[] = [
    {
      id: 'service-worker/update-cost',
      title: "Bytes a returning visitor's worker downloads after this change",
      unit: 'bytes',
      better: 'lower',
      value: cost.bytes,
      timing: false,
      role: 'change-cost',
    },
    {
      id: 'service-worker/update-cost/entries',
      title: 'Precache entries a returning visitor downloads again',
      unit: 'count',
      better: 'lower',
      value: cost.entries,
      timing: false,
      role: 'change-cost',
    },
  ]
  return { metrics, ...(sizing ? { findings: [sizing] } : {}) }
}
