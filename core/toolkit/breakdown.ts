import { maskContentHash } from './hashed-name.js'

export { BREAKDOWN_MAX_PARTS, toBreakdown } from '../model/breakdown.js'

/**
 * A stable breakdown key for a resource a page loaded: its path when it is on the page's own origin
 * (`/assets/index-*.js`: the port of a server started for the run changes from run to run), else host and
 * path (`cdn.example.com/lib-*.js`); query and fragment dropped, the content hash masked. A URL that does
 * not parse (`data:`, an inline script's label) is returned as it is, cut to 200 characters.
 */
export function resourceKey(url: string, pageUrl?: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url.slice(0, 200)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `${parsed.protocol}${parsed.pathname}`.slice(0, 200)
  let origin: string | null = null
  try {
    origin = pageUrl ? new URL(pageUrl).origin : null
  } catch {
    origin = null
  }
  const path = maskContentHash(parsed.pathname)
  return parsed.origin === origin ? path : `${parsed.host}${path}`
}
