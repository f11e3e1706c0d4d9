import { resolve } from 'node:path'
import { PerfgateError } from '../../core/model/errors.js'
import { slugify } from '../bench/slug.js'
import type { ResolvedLighthouseOptions } from './options.js'
import { checkDistDir, discoverPages } from './static-server.js'

/** The pages to audit as given (absolute URLs or paths): also the plugin's units for `--shard`. */
export async function listPages(options: ResolvedLighthouseOptions, cwd: string): Promise<string[]> {
  if (options.urls.length > 0) return [...new Set(options.urls)]
  if (options.staticDistDir !== null) {
    const dir = resolve(cwd, options.staticDistDir)
    await checkDistDir(dir)
    const pages = await discoverPages(dir, options.maxPages)
    if (pages.length === 0)
      throw new PerfgateError(
        'CONFIG_INVALID',
        `lighthousePlugin: \`staticDistDir\` ${dir} holds no HTML page.`,
        {
          hint: 'Build the app first, or list the pages to audit in `urls`.',
        },
      )
    return pages
  }
  return ['/']
}

/** `/` → `home`, `/about.html` → `about`, `/docs/intro/` → `docs-intro`; made unique in order. */
export function pageSlugs(pages: string[]): string[] {
  const seen = new Map<string, number>()
  return pages.map((page) => {
    const path = /^https?:\/\//i.test(page) ? new URL(page).pathname : page.split(/[?#]/)[0]
    const stem = path.replace(/\/index\.html?$/i, '/').replace(/\.html?$/i, '')
    const base = stem.replace(/\//g, '') === '' ? 'home' : slugify(stem)
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base}-${count}`
  })
}

/** Null when the page answers 2xx/3xx; else why it cannot be audited (URL and status). */
export async function checkReachable(url: string, signal: AbortSignal): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]) })
    await response.body?.cancel()
    return response.status >= 400 ? `${url} answered HTTP ${response.status}` : null
  } catch (error) {
    signal.throwIfAborted()
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)
    return `${url} is unreachable (${cause})`
  }
}
