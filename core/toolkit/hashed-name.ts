import { extname } from 'node:path'

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

/**
 * Where a path's content hash is: the separator before it and its end, or null. The hash is the last `-` or
 * `.` segment before the extension, after a name of at least one character.
 */
function hashSpan(path: string): { separator: number; end: number } | null {
  const slash = path.lastIndexOf('/')
  const base = path.slice(slash + 1)
  const trailing = base.match(TRAILING)?.[0] ?? ''
  const head = base.slice(0, base.length - trailing.length)
  const ext = extname(head)
  const stem = head.slice(0, head.length - ext.length)
  const at = slash + 1
  // Vite's default: exactly 8 characters after the last `-` or `.`, which may themselves contain `-` or `_`.
  const eight = stem.length > 9 ? stem.slice(-8) : ''
  const sep8 = stem.charAt(stem.length - 9)
  if (eight && (sep8 === '-' || sep8 === '.') && looksLikeHash(eight))
    return { separator: at + stem.length - 9, end: at + stem.length }
  const longer = stem.match(/^(.+)[-.]([A-Za-z0-9_]{9,})$/)
  if (longer && looksLikeHash(longer[2])) return { separator: at + longer[1].length, end: at + stem.length }
  return null
}

/** `assets/index-B3x9aK2f.js` → `assets/index.js`; names without a hash are returned unchanged. */
export function stripContentHash(path: string): string {
  const span = hashSpan(path)
  return span ? path.slice(0, span.separator) + path.slice(span.end) : path
}

/**
 * `assets/index-B3x9aK2f.js` → `assets/index-*.js`: the hash replaced by `*`, so the name reads as the
 * file it is and stays the same from build to build (a stable breakdown key). Unchanged without a hash.
 */
export function maskContentHash(path: string): string {
  const span = hashSpan(path)
  return span ? `${path.slice(0, span.separator + 1)}*${path.slice(span.end)}` : path
}

/** Whether a file name carries a bundler content hash, so its content never changes under that name. */
export function hasContentHash(path: string): boolean {
  return stripContentHash(path) !== path
}
