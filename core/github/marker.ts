import { createHash } from 'node:crypto'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { escapeHtmlComment } from '../report/escape.js'

export interface CommentKey {
  /** Stable id: a hash of the working directory and config file, relative to the repository. */
  id: string
  /** Working directory relative to the workspace (`.` for the root). */
  dir: string
  /** Config file relative to the working directory; null when there is none. */
  config: string | null
  /** Human-readable form: `packages/web · perfgate.config.ts`. */
  label: string
  /** The hidden line a comment is found again by: `<!-- perfgate:<id> -->`. */
  marker: string
  /** The marker plus a readable comment, as the first lines of the comment body. */
  header: string
}

/**
 * One key per working directory and config, so that several perfgate jobs in one repository each keep
 * their own comment. Paths are made relative to the workspace so the key is the same on every runner.
 */
export function commentKey(cwd: string, configFile: string | null, workspace: string = cwd): CommentKey {
  const dir = toPosix(relative(workspace, resolve(cwd))) || '.'
  const config = configFile
    ? toPosix(isAbsolute(configFile) ? relative(resolve(cwd), configFile) : configFile)
    : null
  const id = createHash('sha256')
    .update(`${dir}\0${config ?? ''}`)
    .digest('hex')
    .slice(0, 12)
  const label = `${dir} · ${config ?? '(no config file)'}`
  const marker = `<!-- perfgate:${id} -->`
  return {
    id,
    dir,
    config,
    label,
    marker,
    header: `${marker}\n<!-- perfgate: ${escapeHtmlComment(label)} -->`,
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/')
}

/** The check-run (or status) name: `perfgate`, with the working directory and config when not the root's. */
export function checkName(key: CommentKey): string {
  return key.dir === '.' && (key.config === null || /^perfgate\.config\.[a-z]+$/.test(key.config))
    ? 'perfgate'
    : `perfgate (${key.label})`
}
