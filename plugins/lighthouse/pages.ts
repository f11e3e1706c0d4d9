import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { PerfgateError } from '../../core/toolkit/index.js'
import { slugify, uniqueSlugs } from '../../core/toolkit/slug.js'
import type { ResolvedLighthouseOptions } from './options.js'

/** How a flow is named among the plugin's units: `flow:<name>` (a page is a path or an http(s) URL). */
export const FLOW_UNIT = 'flow:'

/** The plugin's units for `--shard`: its pages, then its flows (`flow:<name>`). */
export async function listUnits(options: ResolvedLighthouseOptions, cwd: string): Promise<string[]> {
  const pages = await listPages(options, cwd)
  return [...pages, ...options.flows.map((flow) => `${FLOW_UNIT}${flow.name}`)]
}

/** The pages to audit as given (absolute URLs or paths). */
export async function listPages(options: ResolvedLighthouseOptions, cwd: string): Promise<string[]> {
  if (options.urls.length > 0) return [...new Set(options.urls)]
  // Only flows of absolute URLs: no origin to audit pages on.
  if (options.staticDistDir === undefined && options.startServerCommand === undefined) return []
  if (options.staticDistDir !== undefined) {
    const dir = resolve(cwd, options.staticDistDir)
    await checkDistDir(dir, cwd)
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

/**
 * Throws CONFIG_INVALID (exit 2) naming the folder when it is not a directory, and the build command to
 * run: the project's `build` script when its package.json has one.
 */
export async function checkDistDir(dir: string, cwd?: string): Promise<void> {
  const info = await stat(dir).catch(() => null)
  if (info?.isDirectory()) return
  const build = cwd && (await hasBuildScript(cwd)) ? '`npm run build`' : 'your build command'
  throw new PerfgateError(
    'CONFIG_INVALID',
    `lighthousePlugin: \`staticDistDir\` ${dir} is not a folder (nothing is built there yet).`,
    {
      hint: `Build the app first (${build}), or point \`staticDistDir\` at the folder your build writes (relative to the config file).`,
    },
  )
}

async function hasBuildScript(cwd: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>
    }
    return typeof pkg.scripts?.build === 'string'
  } catch {
    return false
  }
}

/** `/` → `home`, `/about.html` → `about`, `/docs/intro/` → `docs-intro`; made unique in order. */
export function pageSlugs(pages: string[]): string[] {
  return uniqueSlugs(pages, (page) => {
    const path = /^https?:\/\//i.test(page) ? new URL(page).pathname : page.split(/[?#]/)[0]
    const stem = path.replace(/\/index\.html?$/i, '/').replace(/\.html?$/i, '')
    return stem.replace(/\//g, '') === '' ? 'home' : slugify(stem)
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

const SKIPPED_DIRS = new Set(['node_modules', '.git'])

/**
 * Up to `limit` HTML pages of a built folder as URL paths, shallowest first and `index.html` before its
 * siblings (LHCI audits at most 5 by default).
 */
export async function discoverPages(root: string, limit: number): Promise<string[]> {
  const found: string[] = []
  let level = [resolve(root)]
  while (level.length > 0 && found.length < limit) {
    const next: string[] = []
    for (const dir of level) {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        rank(a.name) === rank(b.name) ? a.name.localeCompare(b.name) : rank(a.name) - rank(b.name),
      )
      for (const entry of entries) {
        const full = `${dir}${sep}${entry.name}`
        if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) next.push(full)
        else if (entry.isFile() && /\.html?$/i.test(entry.name) && found.length < limit)
          found.push(toUrlPath(relative(resolve(root), full)))
      }
    }
    level = next
  }
  return found
}

function rank(name: string): number {
  return name === 'index.html' ? 0 : 1
}

function toUrlPath(file: string): string {
  const path = `/${file.split(sep).join('/')}`
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path
}
