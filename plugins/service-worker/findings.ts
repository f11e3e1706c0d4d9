import prettyBytes from 'pretty-bytes'
import type { FindingInput } from '../../core/model/types.js'
import { hasContentHash } from '../../core/toolkit/index.js'
import type { SizedEntry } from './files.js'
import type { ResolvedServiceWorkerOptions } from './options.js'
import type { RuleId } from './rules.js'
import type { Globbing } from './workbox.js'
import type { WorkerFacts } from './worker-source.js'

export interface PrecacheAnalysis {
  options: ResolvedServiceWorkerOptions
  /** The built folder as the user names it (for messages), e.g. `dist`. */
  dirLabel: string
  /** The worker file relative to the project, for finding locations. */
  workerFile: string
  facts: WorkerFacts
  entries: SizedEntry[]
  globbing: Globbing
  /** Files the app cannot start without: the fallback page and the scripts and styles its pages load. */
  critical: Set<string>
}

type Finding = FindingInput & { ruleId: RuleId }

const MAX_LISTED = 5

function list(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ')
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown
}

/** Findings about what is (and is not) in the precache. */
export function precacheFindings(a: PrecacheAnalysis): Finding[] {
  const findings: Finding[] = []
  const { options, dirLabel } = a
  const precached = new Set(a.entries.flatMap((e) => (e.file ? [e.file] : [])))

  for (const pattern of a.globbing.emptyGlobs)
    findings.push({
      ruleId: 'service-worker/glob-matched-nothing',
      severity: 'warning',
      message: `The precache glob "${pattern}" matched no file in ${dirLabel}/.`,
      help: 'Fix the pattern (check the folder names and the extension list in braces) or remove it from globPatterns.',
    })

  const limit = options.maximumFileSizeToCacheInBytes
  for (const file of a.globbing.globbed) {
    if (precached.has(file.url)) continue
    const critical = a.critical.has(file.url)
    if (file.size > limit)
      findings.push({
        ruleId: 'service-worker/file-too-large',
        severity: critical ? 'error' : 'warning',
        message: `${file.url} (${prettyBytes(file.size)}) is over maximumFileSizeToCacheInBytes (${prettyBytes(limit)}) and is not precached${critical ? ': the app needs it to start, so it breaks offline' : ''}.`,
        help: critical
          ? 'Split the chunk (dynamic import, manualChunks) or raise maximumFileSizeToCacheInBytes.'
          : 'Raise maximumFileSizeToCacheInBytes if the file must work offline, or leave it to a runtime route.',
      })
    else
      findings.push({
        ruleId: 'service-worker/file-not-precached',
        severity: critical ? 'error' : 'warning',
        message: `${file.url} matches the precache globs but is not in the worker's manifest: it was written after the worker was generated${critical ? ', and the app needs it to start offline' : ''}.`,
        help: 'Generate the worker last, after every file is written (perfgate/vite runs it in closeBundle, last), or check with the globs the worker was made with.',
      })
  }

  const missing = a.entries.filter((e) => e.file !== null && e.size === null)
  for (const entry of missing)
    findings.push({
      ruleId: 'service-worker/precached-file-missing',
      severity: 'error',
      message: `The manifest precaches ${entry.url}, which is not in ${dirLabel}/: the worker's install fails on its 404 and the worker never activates.`,
      file: a.workerFile,
      help: 'Rebuild so the worker and the files match, or remove the entry (additionalManifestEntries, globs).',
    })

  const unhashed = a.entries.filter((e) => e.revision === null && e.file && !hasContentHash(e.file))
  if (unhashed.length > 0)
    findings.push({
      ruleId: 'service-worker/unhashed-without-revision',
      severity: 'warning',
      message: `Precached with revision null but no content hash in the name: ${list(unhashed.map((e) => e.url))}. A returning visitor keeps the old copy forever.`,
      file: a.workerFile,
      help: 'Narrow dontCacheBustURLsMatching to hashed names (perfgate detects them by default), or give the file a hashed name.',
    })

  const junk = a.entries.filter((e) => /\.(map|gz|br)$/i.test(e.url))
  if (junk.length > 0)
    findings.push({
      ruleId: 'service-worker/map-or-compressed-precached',
      severity: 'warning',
      message: `The precache holds files no page loads: ${list(junk.map((e) => e.url))} (${prettyBytes(junk.reduce((s, e) => s + (e.size ?? 0), 0))}, downloaded on every install).`,
      file: a.workerFile,
      help: 'Add "**/*.{map,gz,br}" to globIgnores, or list only the extensions to precache in globPatterns.',
    })
  return findings
}

/** Findings about the worker's navigation fallback and runtime routes. */
export function routeFindings(a: PrecacheAnalysis): Finding[] {
  const findings: Finding[] = []
  const nav = a.facts.navigation
  const precached = new Set(a.entries.map((e) => e.file ?? e.url))
  if (nav?.fallback && !precached.has(nav.fallback.replace(/^\/+/, '')))
    findings.push({
      ruleId: 'service-worker/fallback-not-precached',
      severity: 'error',
      message: `The navigation fallback "${nav.fallback}" is not precached: every navigation fails with Workbox's non-precached-url error.`,
      file: a.workerFile,
      line: nav.line,
      help: 'Make globPatterns include the page (e.g. "**/*.html"), or point navigateFallback at a precached page.',
    })
  if (nav) {
    const denylist = nav.denylist ?? []
    const apiPaths = a.options.api.filter((p) => p.startsWith('/'))
    const uncovered = apiPaths.filter((p) => !denylist.some((r) => r.test(p) || r.test(`${p}x`)))
    const apiRoutes = a.facts.routes.some(
      (r) => r.strategy === 'NetworkFirst' || r.strategy === 'NetworkOnly',
    )
    if (uncovered.length > 0 || (apiPaths.length === 0 && denylist.length === 0 && apiRoutes))
      findings.push({
        ruleId: 'service-worker/fallback-without-denylist',
        severity: 'warning',
        message:
          uncovered.length > 0
            ? `The navigation fallback answers ${list(uncovered)}: a navigation to an API URL gets the app shell instead of the API's answer.`
            : 'The navigation fallback has no denylist, and the worker has network routes: navigations to API URLs get the app shell.',
        file: a.workerFile,
        line: nav.line,
        help: 'Add the API prefixes to `api` (perfgate puts them in the denylist) or to navigateFallbackDenylist.',
      })
  }
  for (const route of a.facts.routes) {
    const where = { file: a.workerFile, line: route.line }
    const what = `The ${route.strategy ?? 'custom'} route for ${route.matcher}`
    if (route.strategy === 'CacheFirst' && !route.expiration)
      findings.push({
        ruleId: 'service-worker/cache-first-without-expiration',
        severity: 'warning',
        message: `${what} has no expiration: its cache grows without bound and keeps entries forever.`,
        ...where,
        help: 'Add options.expiration { maxEntries, maxAgeSeconds } (and a cacheName).',
      })
    if (route.expiration && !route.cacheName)
      findings.push({
        ruleId: 'service-worker/expiration-without-cache-name',
        severity: 'warning',
        message: `${what} has expiration but no cacheName: it expires entries of the shared runtime cache, other routes' too.`,
        ...where,
        help: 'Give the route its own options.cacheName.',
      })
    if (route.strategy === 'NetworkFirst' && route.networkTimeoutSeconds === null)
      findings.push({
        ruleId: 'service-worker/network-first-without-timeout',
        severity: 'warning',
        message: `${what} has no networkTimeoutSeconds: on a slow network the page waits for the browser's own timeout before using the cache.`,
        ...where,
        help: 'Set options.networkTimeoutSeconds (perfgate uses 3 for its API routes).',
      })
    if (route.method !== 'GET' && route.strategy !== null && route.strategy !== 'NetworkOnly')
      findings.push({
        ruleId: 'service-worker/non-get-cached',
        severity: 'error',
        message: `${what} caches ${route.method} requests: the Cache API stores GET only, so every write fails (and a cached write would be replayed).`,
        ...where,
        help: 'Use NetworkOnly (with backgroundSync for offline writes) for non-GET methods.',
      })
  }
  return findings
}
