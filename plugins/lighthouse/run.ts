import type { Result as LighthouseResult } from 'lighthouse'
import { PerfgateError } from '../../core/toolkit/index.js'
import { BREAKDOWN_AUDITS } from './breakdowns.js'
import type { LighthousePage, ResolvedLighthouseOptions } from './options.js'
import { compatConfig } from './trace-compat.js'
import type { LighthouseWorker } from './worker.js'

export interface RunOutput {
  lhr: LighthouseResult
  html: string
  json: string
}

type LighthouseModule = typeof import('lighthouse')

/** Imported once, lazily: lighthouse takes a second to load. */
let loaded: Promise<LighthouseModule> | null = null
export function loadLighthouse(): Promise<LighthouseModule> {
  loaded ??= import('lighthouse')
  return loaded
}

/** A puppeteer connection to the launched Chrome, for `beforeEach` (one tab reused across runs). */
export interface PageSession {
  page: LighthousePage
  close(): Promise<void>
}

export async function openPage(port: number): Promise<PageSession> {
  const puppeteer = await import('puppeteer-core')
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null })
  const page = await browser.newPage()
  return {
    page: page as unknown as LighthousePage,
    close: async () => {
      await page.close().catch(() => {})
      await browser.disconnect().catch(() => {})
    },
  }
}

/**
 * The audits the metrics are read from (metrics.ts), the performance score is weighted from, and the
 * breakdowns are read from (breakdowns.ts): all an A/B round after the first needs.
 */
export const METRIC_AUDITS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'speed-index',
  'cumulative-layout-shift',
  'total-byte-weight',
  'network-requests',
  ...BREAKDOWN_AUDITS,
]

/**
 * Lighthouse's flags for one run in the Chrome listening on `port`; `metricsOnly`: only the metrics'
 * audits, no report (an A/B round whose side already has its reports).
 */
export function lighthouseFlags(port: number, options: ResolvedLighthouseOptions, metricsOnly = false) {
  return {
    port,
    output: (metricsOnly ? ['json'] : ['json', 'html']) as Array<'json' | 'html'>,
    logLevel: 'silent' as const,
    ...(metricsOnly
      ? // onlyAudits alone: with onlyCategories too Lighthouse would run every audit of the category.
        // The full-page screenshot (about 1.1 s of a 7 s run on a real Vue app) only illustrates a
        // report's elements, and a metrics-only round writes no report.
        { onlyAudits: METRIC_AUDITS, disableFullPageScreenshot: true }
      : { onlyCategories: options.categories }),
    throttlingMethod: options.throttlingMethod,
    // beforeEach sets cookies or logs in: Lighthouse must not wipe them.
    disableStorageReset: options.beforeEach !== undefined,
  }
}

/**
 * One Lighthouse navigation of `url`: in the worker thread, or in this thread with the `beforeEach` tab
 * (a puppeteer page cannot cross threads).
 */
export async function runLighthouse(
  url: string,
  port: number,
  options: ResolvedLighthouseOptions,
  target: { worker: LighthouseWorker } | { page: LighthousePage },
  metricsOnly = false,
): Promise<RunOutput> {
  const flags = lighthouseFlags(port, options, metricsOnly)
  const desktop = options.preset === 'desktop'
  if ('worker' in target) return target.worker.run(url, flags, desktop)
  const lighthouseModule = await loadLighthouse()
  const { default: Trace } = await import('lighthouse/core/gather/gatherers/trace.js')
  const config = compatConfig(
    lighthouseModule,
    Trace as unknown as Parameters<typeof compatConfig>[1],
    desktop,
  ) as import('lighthouse').Config
  const result = await lighthouseModule.default(url, flags, config, target.page)
  if (!result) throw new PerfgateError('PLUGIN_FAILED', `Lighthouse returned no result for ${url}.`)
  const [json, html] = Array.isArray(result.report) ? result.report : [result.report, '']
  return { lhr: result.lhr, json, html }
}
