import { z } from 'zod'

/** Workbox's strategies (workbox-strategies); any other name is a config error. */
export const STRATEGIES = [
  'CacheFirst',
  'CacheOnly',
  'NetworkFirst',
  'NetworkOnly',
  'StaleWhileRevalidate',
] as const
export type StrategyName = (typeof STRATEGIES)[number]

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const

/** `/api/` (same origin) or `https://api.example.com/v1/` (another origin). */
const routePrefix = z.string().refine((p) => p.startsWith('/') || /^https?:\/\/[^/]+\//.test(p), {
  message: 'a path prefix starting with "/" (e.g. "/api/") or an absolute URL prefix ending in "/"',
})

const expiration = z.strictObject({
  maxEntries: z.number().int().positive().optional(),
  maxAgeSeconds: z.number().int().positive().optional(),
})

/** One extra runtime route, as Workbox's `runtimeCaching` entry (the subset perfgate can check). */
const runtimeRoute = z
  .strictObject({
    /** A RegExp tested against the full URL, a function `({ url, request }) => boolean`, or an exact URL. */
    urlPattern: z.union([
      z.string(),
      z.instanceof(RegExp),
      z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function'),
    ]),
    handler: z.enum(STRATEGIES),
    method: z.enum(METHODS).default('GET'),
    options: z
      .strictObject({
        cacheName: z.string().min(1).optional(),
        networkTimeoutSeconds: z.number().positive().optional(),
        expiration: expiration.optional(),
        cacheableResponse: z
          .strictObject({
            statuses: z.array(z.number().int()).optional(),
            headers: z.record(z.string(), z.string()).optional(),
          })
          .optional(),
      })
      .default({}),
  })
  .superRefine((route, ctx) => {
    // Workbox throws these at generation (lib/errors.ts); here they are config errors, with the path.
    if (route.options.expiration && !route.options.cacheName)
      ctx.addIssue({
        code: 'custom',
        path: ['options', 'cacheName'],
        message:
          'required with "expiration": without its own cache, expiration would evict entries of the shared runtime cache (Workbox: cache-name-required)',
      })
    if (route.options.networkTimeoutSeconds !== undefined && route.handler !== 'NetworkFirst')
      ctx.addIssue({
        code: 'custom',
        path: ['options', 'networkTimeoutSeconds'],
        message: `only NetworkFirst has a network timeout, not ${route.handler} (Workbox: invalid-network-timeout-seconds)`,
      })
  })

export const serviceWorkerSchema = z.strictObject({
  /** The built folder, relative to the config file's folder. */
  dir: z.string().min(1).default('dist'),
  /** `generate`: write the worker with Workbox's generateSW. `check`: read the existing worker, write nothing. */
  mode: z.enum(['generate', 'check']).default('generate'),
  /** The worker's file name inside `dir`. */
  swDest: z
    .string()
    .regex(/^[^/\\].*\.m?js$/, 'a .js path relative to dir, e.g. "sw.js"')
    .default('sw.js'),
  /** Files to precache (globs relative to `dir`). */
  globPatterns: z
    .array(z.string().min(1))
    .min(1)
    .default(['**/*.{js,css,html,wasm,svg,png,webp,avif,ico,woff2,webmanifest}']),
  globIgnores: z.array(z.string().min(1)).default([]),
  /** Files larger than this are left out of the precache (Workbox's default, 2 MiB). */
  maximumFileSizeToCacheInBytes: z.number().int().positive().default(2_097_152),
  /**
   * Entries whose URL matches get `revision: null` (their name carries the content hash). A RegExp source;
   * default: perfgate detects a content hash in each file name.
   */
  dontCacheBustURLsMatching: z.string().optional(),
  /** API routes: NetworkFirst with a network timeout, and kept out of the navigation fallback. */
  api: z.array(routePrefix).default([]),
  /** NetworkFirst timeout of the API routes: after it, the cached answer is used. */
  networkTimeoutSeconds: z.number().positive().default(3),
  /** Content-hashed static assets: CacheFirst with expiration (those not precached); `false`: no such route. */
  assets: z
    .union([
      z.literal(false),
      z.strictObject({
        prefix: routePrefix.default('/assets/'),
        maxEntries: z.number().int().positive().default(200),
        maxAgeSeconds: z.number().int().positive().default(31_536_000),
      }),
    ])
    .default({ prefix: '/assets/', maxEntries: 200, maxAgeSeconds: 31_536_000 }),
  /** Extra runtime routes (Workbox runtimeCaching entries). */
  runtimeCaching: z.array(runtimeRoute).default([]),
  /** The page served for navigations (precached); `null`: no navigation fallback. */
  navigateFallback: z.string().min(1).nullable().default('index.html'),
  /** More paths the fallback must not answer (RegExp sources tested against pathname + search). */
  navigateFallbackDenylist: z.array(z.string()).default([]),
  /** Activate a new worker at once instead of waiting for every tab of the old one to close. */
  skipWaiting: z.boolean().default(false),
  /** Let a newly activated worker control open pages at once. */
  clientsClaim: z.boolean().default(false),
  /** Delete caches of older Workbox versions on activation. */
  cleanupOutdatedCaches: z.boolean().default(true),
  /** Write source maps of the worker files. */
  sourcemap: z.boolean().default(false),
  /** A deployed or preview URL whose response headers for the worker, the fallback page and the manifest are checked. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** nginx configs (`nginx -T` output too) or `_headers` files, relative to the config file, checked for the same headers. */
  serverConfigs: z.array(z.string().min(1)).default([]),
  /** Cache-Control max-age (or s-maxage) above which the worker, the fallback page or the manifest count as long-cached. */
  maxAgeSeconds: z.number().int().nonnegative().default(180),
  /** Brotli-11 sizes of the precache (as the bundle plugin counts them); `false` skips the compression work. */
  brotli: z.boolean().default(true),
  /** Folder of the brotli size cache (by content hash); `false` disables. Default `node_modules/.cache/perfgate`. */
  cache: z.union([z.string().min(1), z.literal(false)]).optional(),
})

export type ServiceWorkerOptions = z.input<typeof serviceWorkerSchema>
export type ResolvedServiceWorkerOptions = z.output<typeof serviceWorkerSchema>
export type RuntimeRoute = z.output<typeof runtimeRoute>
