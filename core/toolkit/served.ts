// Which files servers compress when they send them: the one table both the bundle and the service-worker
// plugins count compressed sizes by (docs/bundle.md#sizes-as-servers-send-them).
import { createRequire } from 'node:module'
import { extname } from 'node:path'

/** The maintained table of which MIME types servers compress (mime-db via compressible), loaded on first use. */
let compressibleType: ((ext: string) => boolean) | undefined

function loadCompressibleType(): (ext: string) => boolean {
  // Loaded lazily: mime-db is a 200 kB JSON file that `perfgate --help` has no use for.
  const require = createRequire(import.meta.url)
  const mime = require('mime-types') as typeof import('mime-types')
  const compressible = require('compressible') as typeof import('compressible')
  return (ext) => {
    const type = mime.lookup(ext)
    return type !== false && compressible(type) === true
  }
}

const served = new Map<string, boolean>()

/**
 * Whether servers compress this file when they send it (and so whether perfgate counts gzip and brotli
 * sizes for it): mime-db's `compressible` flag of its type, the table Express's compression middleware
 * uses. HTML, CSS, SVG, JSON, XML, text, WASM, ICO, TTF/OTF/EOT are; PNG, JPEG, WebP, AVIF, GIF,
 * WOFF/WOFF2, video, audio and unknown types are not. JavaScript always is (`.cjs` has no text type in
 * mime-db).
 */
export function isCompressible(file: string): boolean {
  const ext = extname(file).toLowerCase()
  if (ext === '') return false
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return true
  let yes = served.get(ext)
  if (yes === undefined) {
    compressibleType ??= loadCompressibleType()
    yes = compressibleType(ext)
    served.set(ext, yes)
  }
  return yes
}
