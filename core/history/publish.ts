import { posix } from 'node:path'
import { GitBaselineStore } from '../baseline/git-store.js'
import type { ResolvedConfig } from '../config/types.js'
import { PerfgateError } from '../model/errors.js'
import type { Logger } from '../model/types.js'

export interface PublishPagesOptions {
  /** Branch the page is committed to, e.g. `gh-pages`. */
  branch: string
  /** Folder on that branch; `''` or `.` for its root. Default `perfgate`. */
  dir?: string
  /** The dashboard's HTML. */
  html: string
  logger: Logger
  env?: NodeJS.ProcessEnv
}

export interface PublishedPages {
  /** Path of index.html on the branch. */
  path: string
  commit?: string
  /** False when the branch already held this very page. */
  changed: boolean
  /** Where GitHub Pages serves it when Pages publishes from that branch; null off GitHub. */
  url: string | null
}

export const DEFAULT_PAGES_DIR = 'perfgate'

/**
 * Commits the dashboard as `<dir>/index.html` onto a pages branch of the baseline remote, keeping every
 * other file of that branch, and pushes with the baseline store's retry (concurrent jobs rebuild on the
 * new tip). Nothing is checked out: the project's work tree, index and HEAD are untouched.
 */
export async function publishPages(
  config: Pick<ResolvedConfig, 'root' | 'baseline'>,
  options: PublishPagesOptions,
): Promise<PublishedPages> {
  const branch = options.branch.trim()
  if (!branch || branch.startsWith('-') || /[\s~^:?*[\\]|\.\.|@\{/.test(branch))
    throw new PerfgateError('USAGE', `--publish needs a branch name, not "${options.branch}".`, {
      hint: 'Name the branch GitHub Pages serves, e.g. --publish gh-pages.',
    })
  if (branch === config.baseline.branch)
    throw new PerfgateError(
      'USAGE',
      `--publish ${branch} is the baselines branch (baseline.branch); the dashboard needs a branch of its own.`,
      { hint: 'Publish to the branch GitHub Pages serves, e.g. --publish gh-pages.' },
    )
  const dir = pagesDir(options.dir ?? DEFAULT_PAGES_DIR)
  const path = dir ? `${dir}/index.html` : 'index.html'
  const store = new GitBaselineStore({
    branch,
    remote: config.baseline.remote,
    base: null,
    cwd: config.root,
    logger: options.logger,
  })
  const written = await store.writeFiles(
    [{ path, content: options.html }],
    `perfgate: history dashboard ${path}`,
  )
  return { path, ...written, url: pagesUrl(dir, options.env ?? process.env) }
}

/** A folder inside the branch: relative, normalised, never above its root. */
function pagesDir(input: string): string {
  const normal = posix.normalize(input.replaceAll('\\', '/')).replace(/\/+$/, '')
  const dir = normal === '.' ? '' : normal
  if (dir.startsWith('/') || dir === '..' || dir.startsWith('../'))
    throw new PerfgateError('USAGE', `--publish-dir must be a folder inside the branch, not "${input}".`, {
      hint: 'Give a relative folder such as perfgate or docs/perf, or . for the branch root.',
    })
  return dir
}

/** GitHub Pages' address for a project site (or a user site, for a repository named <owner>.github.io). */
function pagesUrl(dir: string, env: NodeJS.ProcessEnv): string | null {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  if (!owner || !repo || !/^https:\/\/github\.com\/?$/i.test(server)) return null
  const site = repo.toLowerCase() === `${owner.toLowerCase()}.github.io` ? '' : `/${repo}`
  const folder = dir ? `/${dir.split('/').map(encodeURIComponent).join('/')}` : ''
  return `https://${owner.toLowerCase()}.github.io${site}${folder}/`
}
