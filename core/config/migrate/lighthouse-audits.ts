// What perfgate knows of Lighthouse and Lighthouse CI, for the translation of a lighthouserc: which audits
// are perfgate metrics or findings, what the presets assert, and which collect options exist.

/** Lighthouse metric audits and perfgate's metric name for each (`lighthouse/<page>/<name>`). */
export const METRIC_AUDITS: Record<string, string> = {
  'first-contentful-paint': 'fcp',
  'largest-contentful-paint': 'lcp',
  'total-blocking-time': 'tbt',
  'speed-index': 'si',
  'cumulative-layout-shift': 'cls',
  'total-byte-weight': 'bytes',
}

/** Audits perfgate reports as `lighthouse/<audit>` warning findings (docs/lighthouse.md), not budgets. */
export const FINDING_AUDITS = new Set([
  'render-blocking-resources',
  'uses-responsive-images',
  'offscreen-images',
  'unminified-css',
  'unminified-javascript',
  'unused-css-rules',
  'unused-javascript',
  'uses-optimized-images',
  'modern-image-formats',
  'uses-text-compression',
  'uses-rel-preconnect',
  'server-response-time',
  'redirects',
  'uses-http2',
  'efficient-animated-content',
  'duplicated-javascript',
  'legacy-javascript',
  'prioritize-lcp-image',
  'uses-long-cache-ttl',
  'dom-size',
  'critical-request-chains',
  'user-timings',
  'bootup-time',
  'mainthread-work-breakdown',
  'font-display',
  'third-party-summary',
  'third-party-facades',
  'largest-contentful-paint-element',
  'lcp-lazy-loaded',
  'layout-shifts',
  'uses-passive-event-listeners',
  'no-document-write',
  'long-tasks',
  'non-composited-animations',
  'unsized-images',
  'viewport',
  'work-during-interaction',
  'bf-cache',
])

export const GONE_METRICS: Record<string, string> = {
  interactive: 'Time to Interactive left Lighthouse’s performance score in Lighthouse 10',
  'first-meaningful-paint': 'First Meaningful Paint was removed in Lighthouse 10',
  'first-cpu-idle': 'First CPU Idle was removed in Lighthouse 6',
  'max-potential-fid': 'Max Potential FID is not one of perfgate’s Lighthouse metrics',
  'estimated-input-latency': 'Estimated Input Latency was removed in Lighthouse 6',
  'interaction-to-next-paint': 'INP needs a user interaction; a navigation has none',
}

/** The metric audits the Lighthouse CI presets assert, at the level they assert them (@lhci/utils presets). */
export const PRESET_METRICS: Record<string, Record<string, 'warn' | 'error' | 'off'>> = {
  'lighthouse:all': {
    'cumulative-layout-shift': 'error',
    'first-contentful-paint': 'error',
    'largest-contentful-paint': 'error',
    'speed-index': 'error',
    'total-byte-weight': 'error',
    'total-blocking-time': 'off',
  },
  'lighthouse:recommended': {
    'cumulative-layout-shift': 'warn',
    'first-contentful-paint': 'warn',
    'largest-contentful-paint': 'warn',
    'speed-index': 'warn',
    'total-blocking-time': 'off',
    // Inherited from lighthouse:all, at error.
    'total-byte-weight': 'error',
  },
}
PRESET_METRICS['lighthouse:no-pwa'] = PRESET_METRICS['lighthouse:recommended']

/** Chrome flags perfgate passes anyway (docs/lighthouse.md, Chrome). */
export const OWN_FLAGS = new Set([
  '--headless',
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
])

export const LHCI_DOCS = 'docs/coming-from-lighthouse-ci.md'

/** Every `ci.collect` option of Lighthouse CI 0.14 (docs/configuration.md of @lhci/cli). */
export const LHCI_COLLECT = new Set([
  'additive',
  'autodiscoverUrlBlocklist',
  'chromePath',
  'headful',
  'isSinglePageApplication',
  'maxAutodiscoverUrls',
  'method',
  'numberOfRuns',
  'psiApiEndpoint',
  'psiApiKey',
  'psiStrategy',
  'puppeteerLaunchOptions',
  'puppeteerScript',
  'settings',
  'startServerCommand',
  'startServerReadyPattern',
  'startServerReadyTimeout',
  'staticDirFileDiscoveryDepth',
  'staticDistDir',
  'url',
])
