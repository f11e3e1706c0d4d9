import type { RuleMeta } from '../../core/model/types.js'

/** Every finding the service-worker plugin reports; each has a heading in docs/service-worker.md. */
export const RULES = {
  'service-worker/no-build': { description: 'The built folder does not exist: nothing to precache.' },
  'service-worker/sizing-changed': {
    description:
      'The baseline counted already-compressed precached files smaller than this version of perfgate does.',
  },
  'service-worker/worker-missing': { description: 'Check mode: the folder has no worker file.' },
  'service-worker/not-workbox': {
    description: 'The worker is not a Workbox worker: its precache cannot be read.',
  },
  'service-worker/manifest-not-injected': {
    description: 'The worker still holds `self.__WB_MANIFEST`: the manifest was never injected.',
  },
  'service-worker/glob-matched-nothing': { description: 'A precache glob pattern matched no file.' },
  'service-worker/file-too-large': {
    description: 'A file over maximumFileSizeToCacheInBytes was left out of the precache.',
  },
  'service-worker/file-not-precached': {
    description:
      'A file the globs match is missing from the manifest: written after the worker was generated.',
  },
  'service-worker/precached-file-missing': {
    description: 'A manifest entry has no file in the folder: the install fails on its 404.',
  },
  'service-worker/unhashed-without-revision': {
    description: 'A file name without a content hash is precached with `revision: null`: it never refreshes.',
  },
  'service-worker/fallback-not-precached': { description: 'The navigation fallback page is not precached.' },
  'service-worker/fallback-without-denylist': {
    description: 'The navigation fallback has no denylist covering the API routes.',
  },
  'service-worker/cache-first-without-expiration': { description: 'A CacheFirst route has no expiration.' },
  'service-worker/expiration-without-cache-name': {
    description: 'A route with expiration uses the shared runtime cache (no cacheName).',
  },
  'service-worker/network-first-without-timeout': {
    description: 'A NetworkFirst route has no networkTimeoutSeconds.',
  },
  'service-worker/non-get-cached': { description: 'A caching strategy is registered for non-GET requests.' },
  'service-worker/map-or-compressed-precached': {
    description: 'Source maps or precompressed `.gz`/`.br` copies are in the precache.',
  },
  'service-worker/long-cache-header': {
    description:
      'The worker, the fallback page or the web manifest is served with a long max-age or `immutable`.',
  },
  'service-worker/url-unreachable': { description: 'The URL given for the header checks did not answer.' },
} satisfies Record<string, RuleMeta>

export type RuleId = keyof typeof RULES
