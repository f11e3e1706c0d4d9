import { hasContentHash, looksLikeHash } from '../../../core/toolkit/hashed-name.js'

/** What kind of URL a path is, for the caching rules. */
export type PathKind = 'document' | 'service-worker' | 'manifest' | 'hashed' | 'other'

const SERVICE_WORKER = /(^|\/)(sw|service-worker|serviceworker|firebase-messaging-sw|ngsw-worker)\.js$/i
const MANIFEST = /(^|\/)(manifest\.webmanifest|manifest\.json|site\.webmanifest)$/i

/**
 * A content hash in a file name: as the bundle and service-worker plugins tell it (the toolkit's
 * `hasContentHash`: Vite, Rollup, esbuild, webpack), or a `-`/`.` segment of 5+ hex characters with a
 * digit and a letter (`[contenthash:7]`, Create React App's `2.4f3a9c21.chunk.js`), or a name that is a
 * hash alone (`B3x9aK2f.js`). Sizes such as `pwa-192x192.png` and years (`logo-2024.svg`) are not hashes.
 */
export function isHashed(path: string): boolean {
  if (hasContentHash(path)) return true
  const segments = path.slice(path.lastIndexOf('/') + 1).split(/[.-]/)
  if (segments.length === 2)
    return isHex(segments[0]) || (/^[A-Za-z0-9]+$/.test(segments[0]) && looksLikeHash(segments[0]))
  // The first segment is the name itself (`index`, `main`).
  return segments.slice(1, -1).some(isHex)
}

function isHex(segment: string): boolean {
  return segment.length >= 5 && /^[0-9a-f]+$/i.test(segment) && /\d/.test(segment) && /[a-f]/i.test(segment)
}

export function kindOf(path: string): PathKind {
  if (path === '/' || path.endsWith('/') || /\.html?$/i.test(path)) return 'document'
  if (SERVICE_WORKER.test(path)) return 'service-worker'
  if (MANIFEST.test(path)) return 'manifest'
  if (isHashed(path)) return 'hashed'
  return 'other'
}

/** Paths probed when no built folder is given: what a typical Vite or webpack app serves. */
export const SAMPLE_PATHS = [
  '/',
  '/index.html',
  '/sw.js',
  '/service-worker.js',
  '/manifest.webmanifest',
  '/assets/index-BQ3x7a9f.js',
  '/assets/index-C7d8E9fA.css',
  '/static/js/main.4f3a9c21.js',
  '/favicon.ico',
  '/robots.txt',
  '/pwa-192x192.png',
]

/**
 * A URL pattern of `_headers`, netlify.toml (`/*`, `/:name`) or vercel.json (path-to-regexp: `/(.*)`,
 * `/:path*`) as a RegExp.
 */
export function patternToRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '*') out += '.*'
    else if (ch === ':') {
      const name = /^:[A-Za-z_]\w*([*+?])?/.exec(pattern.slice(i))
      if (!name) {
        out += ':'
        continue
      }
      out += name[1] === '*' || name[1] === '+' ? '.*' : name[1] === '?' ? '[^/]*' : '[^/]+'
      i += name[0].length - 1
    } else if (ch === '(') {
      const close = pattern.indexOf(')', i)
      if (close < 0) out += '\\('
      else {
        out += `(?:${pattern.slice(i + 1, close)})`
        i = close
      }
    } else out += ch.replace(/[.+?^${}|[\]\\/]/g, '\\$&')
  }
  // Hosts in _headers patterns (`https://example.com/*`) are dropped: we match paths.
  return new RegExp(`^${out.replace(/^https?:\\\/\\\/[^/]+/, '')}$`)
}
