// Secondary extensions after the real one: `index-abc.js.map`, `style.css.gz`.
const TRAILING = /(\.(?:map|gz|br))+$/i
const WORD = /^[A-Z]?[a-z]+$/

/**
 * Whether a file name carries a bundler content hash (Vite/Rollup: 8 base64url characters after `-` or `.`;
 * webpack-style: a longer token with digits and letters). The same reading as the bundle plugin's names,
 * kept here because no plugin imports another.
 */
export function hasContentHash(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(TRAILING, '')
  const dot = base.lastIndexOf('.')
  const stem = dot > 0 ? base.slice(0, dot) : base
  const sep = stem.charAt(stem.length - 9)
  if (stem.length > 9 && (sep === '-' || sep === '.') && looksLikeHash(stem.slice(-8))) return true
  const longer = stem.match(/[-.]([A-Za-z0-9_]{9,})$/)
  return Boolean(longer && looksLikeHash(longer[1]))
}

function looksLikeHash(token: string): boolean {
  if (token.length < 8 || !/^[A-Za-z0-9_-]+$/.test(token)) return false
  if (token.length > 8) return /\d/.test(token) && /[A-Za-z]/.test(token)
  if (/\d/.test(token)) return /[A-Za-z]/.test(token)
  if (/[_-]/.test(token)) return true
  return /[A-Z]/.test(token) && /[a-z]/.test(token) && !WORD.test(token)
}
