/**
 * The one check before perfgate writes a link (SARIF `helpUri`, Markdown link targets, HTML `href`):
 * only an absolute http(s) URL is a link. `javascript:`, `data:`, `vbscript:`, `file:`, protocol-relative
 * `//host` and backslash tricks (`/\host`), and anything the WHATWG parser would read otherwise than it
 * reads, are refused: the caller keeps the text and writes no link.
 */

/** What may precede the scheme: nothing. Leading blanks or controls are a trick, not a typo. */
const STARTS_HTTP = /^https?:\/\/[^\s/\\]/i

/** `url` normalised (the parser's `href`), or null when it is not a plain absolute http(s) URL. */
export function httpLink(url: unknown): string | null {
  if (typeof url !== 'string' || !STARTS_HTTP.test(url)) return null
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
    if (parsed.username || parsed.password) return null // `https://trusted.example@evil.example`
    return parsed.href
  } catch {
    return null
  }
}

/**
 * An http(s) URL made safe as a Markdown link target: characters that could end the link or start
 * markup percent-encoded. Null when the URL is not one (write the text without a link).
 */
export function markdownLinkTarget(url: unknown): string | null {
  const link = httpLink(url)
  return link === null
    ? null
    : link.replace(
        /[\s()<>[\]`|"'\\]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
      )
}
