import { extname } from 'node:path'
import type { AssetKind } from './types.js'

// Secondary extensions that follow the real one: `index-abc.js.map`, `style.css.gz`.
const TRAILING = /(\.(?:map|gz|br))+$/i
// A capitalised word is a name, not a hash.
const WORD = /^[A-Z]?[a-z]+$/

/**
 * Whether a token is a bundler content hash: Vite/Rollup use 8 base64url characters, webpack-style names
 * longer hex. An 8-character token counts when it has a digit, `_`/`-`, or mixed case other than a capitalised
 * word; a longer one needs a digit and a letter. So `component`, `settings` and `Settings` are kept, while
 * `B3x9aK2f` and `DiwrgTda` are stripped. Limits: an all-lowercase hash (about 0.1 % of Vite's) is kept, and a
 * PascalCase name of exactly 8 letters after a dash (`Button-MyWidget.js`) is taken for a hash.
 */
export function looksLikeHash(token: string): boolean {
  if (token.length < 8 || !/^[A-Za-z0-9_-]+$/.test(token)) return false
  if (token.length > 8) return /\d/.test(token) && /[A-Za-z]/.test(token)
  if (/\d/.test(token)) return /[A-Za-z]/.test(token)
  if (/[_-]/.test(token)) return true
  return /[A-Z]/.test(token) && /[a-z]/.test(token) && !WORD.test(token)
}

/** `assets/index-B3x9aK2f.js` → `assets/index.js`; names without a hash are returned unchanged. */
export function stripHash(path: string): string {
  const slash = path.lastIndexOf('/')
  const dir = path.slice(0, slash + 1)
  const base = path.slice(slash + 1)
  const trailing = base.match(TRAILING)?.[0] ?? ''
  const head = base.slice(0, base.length - trailing.length)
  const ext = extname(head)
  const stem = head.slice(0, head.length - ext.length)
  // Vite's default: exactly 8 characters after the last `-` or `.`, which may themselves contain `-` or `_`.
  const eight = stem.length > 9 ? stem.slice(-8) : ''
  const sep8 = stem.charAt(stem.length - 9)
  if (eight && (sep8 === '-' || sep8 === '.') && looksLikeHash(eight))
    return `${dir}${stem.slice(0, -9)}${ext}${trailing}`
  const longer = stem.match(/^(.+)[-.]([A-Za-z0-9_]{9,})$/)
  if (longer && looksLikeHash(longer[2])) return `${dir}${longer[1]}${ext}${trailing}`
  return path
}

/** A path as metric id segments: lowercase, only `[a-z0-9._-]` in each (ids start with `bundle/`). */
export function toIdPath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '_'))
    .join('/')
}

const IMAGES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.ico', '.bmp', '.apng'])
const FONTS = new Set(['.woff', '.woff2', '.ttf', '.otf', '.eot'])

export function assetKind(file: string): AssetKind {
  const ext = extname(file).toLowerCase()
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'js'
  if (ext === '.css') return 'css'
  if (ext === '.html' || ext === '.htm') return 'html'
  if (IMAGES.has(ext)) return 'images'
  if (FONTS.has(ext)) return 'fonts'
  return 'other'
}

/** Text formats worth compressing (and precompressing); images other than SVG and fonts already are. */
export function isCompressible(file: string): boolean {
  const ext = extname(file).toLowerCase()
  return /^\.(m?js|cjs|css|html?|svg|json|txt|xml|map|webmanifest|wasm|ico)$/.test(ext)
}

/** Hash-free metric names for every file; files that collapse onto one name get `-2`, `-3` in order. */
export function assignNames(files: Array<{ file: string; raw: number }>): Map<string, string> {
  const groups = new Map<string, Array<{ file: string; raw: number }>>()
  for (const f of files) {
    const name = toIdPath(stripHash(f.file))
    const list = groups.get(name) ?? []
    list.push(f)
    groups.set(name, list)
  }
  const names = new Map<string, string>()
  for (const [name, list] of groups) {
    // Largest first: the order least likely to swap between two builds of the same app.
    list.sort((a, b) => b.raw - a.raw || a.file.localeCompare(b.file))
    list.forEach((f, i) => {
      if (i === 0) names.set(f.file, name)
      else {
        const ext = extname(name)
        names.set(f.file, `${name.slice(0, name.length - ext.length)}-${i + 1}${ext}`)
      }
    })
  }
  return names
}
