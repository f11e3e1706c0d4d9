import { join } from 'node:path'
import { errorMessage, hasContentHash, PerfgateError } from '../../core/toolkit/index.js'
import type { ResolvedServiceWorkerOptions, RuntimeRoute } from './options.js'

/** A file the precache globs matched, before the size limit: what Workbox saw. */
export interface GlobbedFile {
  url: string
  revision: string | null
  size: number
}

export interface Globbing {
  globbed: GlobbedFile[]
  /** Glob patterns that matched no file (Workbox's `useless-glob-pattern` warning). */
  emptyGlobs: string[]
  /** Other Workbox warnings, verbatim. */
  warnings: string[]
  /** Files Workbox wrote (generate mode), absolute. */
  written: string[]
}

type ManifestTransform = (
  entries: Array<GlobbedFile & { integrity?: string }>,
) => Promise<{ manifest: Array<GlobbedFile & { integrity?: string }>; warnings: string[] }>

/**
 * Records every globbed file with its size, then applies the size limit and `revision: null` itself:
 * Workbox's own limit drops files with only a warning string, and perfgate must know which ones.
 */
function capture(options: ResolvedServiceWorkerOptions, globbed: GlobbedFile[]): ManifestTransform {
  const revisionless = options.dontCacheBustURLsMatching
    ? (url: string) => new RegExp(options.dontCacheBustURLsMatching as string).test(url)
    : hasContentHash
  return async (entries) => {
    for (const e of entries) globbed.push({ url: e.url, revision: e.revision, size: e.size })
    const kept = entries
      .filter((e) => e.size <= options.maximumFileSizeToCacheInBytes)
      .map((e) => (revisionless(e.url) ? { ...e, revision: null } : e))
    return { manifest: kept, warnings: [] }
  }
}

function globOptions(options: ResolvedServiceWorkerOptions, dir: string, globbed: GlobbedFile[]) {
  return {
    globDirectory: dir,
    globPatterns: options.globPatterns,
    // The worker's own files are never precached (generateSW adds the first two itself).
    globIgnores: [
      '**/node_modules/**/*',
      options.swDest,
      `${options.swDest}.map`,
      'workbox-*.js',
      'workbox-*.js.map',
      ...options.globIgnores,
    ],
    // The limit is applied in `capture`, which records what it drops.
    maximumFileSizeToCacheInBytes: Number.MAX_SAFE_INTEGER,
    manifestTransforms: [capture(options, globbed)],
  }
}

function sortWarnings(raw: string[]): Pick<Globbing, 'emptyGlobs' | 'warnings'> {
  const emptyGlobs: string[] = []
  const warnings: string[] = []
  for (const warning of raw) {
    const pattern = warning.match(/"globPattern":\s*("(?:[^"\\]|\\.)*")/)
    if (/doesn't match any files/.test(warning) && pattern) emptyGlobs.push(JSON.parse(pattern[1]))
    else warnings.push(warning)
  }
  return { emptyGlobs, warnings }
}

/** `generate` mode: Workbox's generateSW into the folder; returns what the globs matched. */
export async function generateWorker(options: ResolvedServiceWorkerOptions, dir: string): Promise<Globbing> {
  const { generateSW } = await import('workbox-build')
  const globbed: GlobbedFile[] = []
  try {
    const result = await generateSW({
      ...globOptions(options, dir, globbed),
      swDest: join(dir, options.swDest),
      navigateFallback: options.navigateFallback ?? undefined,
      navigateFallbackDenylist: navigationDenylist(options),
      runtimeCaching: runtimeCaching(options),
      skipWaiting: options.skipWaiting,
      clientsClaim: options.clientsClaim,
      cleanupOutdatedCaches: options.cleanupOutdatedCaches,
      sourcemap: options.sourcemap,
      inlineWorkboxRuntime: false,
      mode: 'production',
    } as Parameters<typeof generateSW>[0])
    return { globbed, written: result.filePaths, ...sortWarnings(result.warnings) }
  } catch (error) {
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `Workbox could not generate ${join(dir, options.swDest)}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Check the service-worker options (runtimeCaching, globPatterns); run with --debug for the cause.',
      },
    )
  }
}

/** `check` mode: what the same globs match now (Workbox's getManifest), without writing anything. */
export async function listGlobbed(options: ResolvedServiceWorkerOptions, dir: string): Promise<Globbing> {
  const { getManifest } = await import('workbox-build')
  const globbed: GlobbedFile[] = []
  const result = await getManifest(globOptions(options, dir, globbed) as Parameters<typeof getManifest>[0])
  return { globbed, written: [], ...sortWarnings(result.warnings) }
}

/** The navigation fallback never answers the API routes (same origin) nor the extra denylist. */
export function navigationDenylist(options: ResolvedServiceWorkerOptions): RegExp[] {
  return [
    ...options.api.filter((p) => p.startsWith('/')).map((p) => new RegExp(`^${escapeRegExp(p)}`)),
    ...options.navigateFallbackDenylist.map((source) => new RegExp(source)),
  ]
}

function runtimeCaching(options: ResolvedServiceWorkerOptions): unknown[] {
  const routes: unknown[] = []
  if (options.api.length > 0)
    routes.push({
      urlPattern: prefixMatcher(options.api),
      handler: 'NetworkFirst',
      options: {
        cacheName: 'perfgate-api',
        networkTimeoutSeconds: options.networkTimeoutSeconds,
        expiration: { maxEntries: 50, maxAgeSeconds: 86_400 },
      },
    })
  if (options.assets)
    routes.push({
      urlPattern: prefixMatcher([options.assets.prefix]),
      handler: 'CacheFirst',
      options: {
        cacheName: 'perfgate-assets',
        expiration: { maxEntries: options.assets.maxEntries, maxAgeSeconds: options.assets.maxAgeSeconds },
      },
    })
  for (const route of options.runtimeCaching) routes.push(toWorkbox(route))
  return routes
}

function toWorkbox(route: RuntimeRoute): unknown {
  const options = Object.fromEntries(Object.entries(route.options).filter(([, v]) => v !== undefined))
  return {
    urlPattern: route.urlPattern,
    handler: route.handler,
    method: route.method,
    ...(Object.keys(options).length > 0 ? { options } : {}),
  }
}

/**
 * A route matcher for URL prefixes: `/api/` matches the worker's own origin only, an absolute prefix
 * matches that origin. generateSW writes a function's source into the worker, so the prefixes are part of
 * its text (a closure would lose them).
 */
function prefixMatcher(prefixes: string[]): (context: { url: URL }) => boolean {
  return new Function(
    '{ url }',
    `return ${JSON.stringify(prefixes)}.some((p) => p.startsWith('/') ? url.origin === self.location.origin && url.pathname.startsWith(p) : url.href.startsWith(p))`,
  ) as (context: { url: URL }) => boolean
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
