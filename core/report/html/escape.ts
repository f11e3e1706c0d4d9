/**
 * Escaping for the HTML pages. Everything a plugin returns is untrusted: it only ever reaches the page
 * as escaped text, as an attribute value, as a link that was checked, or inside JSON that the page
 * parses (never evaluates).
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

/**
 * JSON for `<script type="application/json">`: `<` is written as `\u003c`, so no `</script>` or `<!--`
 * in a value can end the element; U+2028/U+2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** An absolute http(s) URL as given, or null: `javascript:`, `data:` and the like are never linked. */
export function httpUrl(url: string | undefined | null): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}

/**
 * A link to a file next to the page: a relative path without a scheme, without `..` escaping the
 * folder given as `base`, each segment percent-encoded. Null when the path is not such a path.
 */
export function relativeHref(path: string, base = ''): string | null {
  const clean = path.replace(/\\/g, '/')
  if (clean === '' || clean.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(clean)) return null
  const segments = clean.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.length === 0 || segments.includes('..')) return null
  const prefix = base.replace(/\\/g, '/').replace(/\/+$/, '')
  const encoded = segments.map((s) => encodeURIComponent(s)).join('/')
  if (!prefix) return encoded
  const prefixEncoded = prefix
    .split('/')
    .map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s)))
    .join('/')
  return `${prefixEncoded}/${encoded}`
}
