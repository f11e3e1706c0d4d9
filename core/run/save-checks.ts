import { relative, sep } from 'node:path'
import { runGit } from '../baseline/git.js'
import { PerfgateError } from '../model/errors.js'
import type { Logger, PerfgatePlugin } from '../model/types.js'

/** What `perfgate run --save-baseline` may be told; RunOptions carries it. */
export interface SaveCheckOptions {
  /** Store a record of only the `--only` plugins (`--allow-partial`). */
  allowPartial?: boolean
}

/**
 * A baseline record is what every later pull request is compared with: one saved from `--only host`
 * has no bundle or Lighthouse figures, and the next runs report them all as "new" instead of
 * comparing. Refused (exit 2) unless asked for with `--allow-partial`. Shards are not partial: each
 * shard's record is joined with the others when read.
 */
export function checkPartialSave(
  configured: readonly Pick<PerfgatePlugin, 'name'>[],
  selected: readonly Pick<PerfgatePlugin, 'name'>[],
  options: SaveCheckOptions & { what?: string } = {},
): void {
  if (options.allowPartial) return
  const left = configured.filter((p) => !selected.some((s) => s.name === p.name)).map((p) => short(p.name))
  if (left.length === 0) return
  throw new PerfgateError(
    'USAGE',
    `${options.what ?? '--save-baseline with --only'} would store a partial baseline (without ${left.join(', ')}): later runs would have nothing to compare those plugins with.`,
    {
      hint: 'Save the baseline from a full run, or add --allow-partial if a record of only these plugins is what you want.',
    },
  )
}

/**
 * The uncommitted changes under the project's repository (git status, ignoring perfgate's own output),
 * or null when the tree is clean or this is not a git work tree.
 */
export async function uncommittedChanges(root: string, outDir?: string): Promise<string[] | null> {
  const top = await runGit(['rev-parse', '--show-toplevel'], { cwd: root }).catch(() => null)
  if (top?.code !== 0) return null
  const toplevel = top.stdout.toString('utf8').trim()
  const status = await runGit(['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: root })
  if (status.code !== 0) return null
  const output = outDir ? relative(toplevel, outDir).split(sep).join('/') : null
  const paths: string[] = []
  const entries = status.stdout.toString('utf8').split('\0')
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]
    if (entry.length < 4) continue
    if (entry[0] === 'R' || entry[0] === 'C') i++ // a rename's source follows as its own entry
    const path = entry.slice(3)
    const inside = (folder: string) => path === folder || path.startsWith(`${folder.replace(/\/$/, '')}/`)
    if (path.split('/').includes('.perfgate')) continue
    if (output && !output.startsWith('..') && output !== '' && inside(output)) continue
    paths.push(path)
  }
  return paths.length > 0 ? paths : null
}

/**
 * Warns when the baseline about to be saved measures code that is not its commit: a dirty work tree
 * (local edits, or a CI step that rewrote tracked files). A warning, not a refusal: the record is still
 * the best there is, but the reviewer should know.
 */
export async function warnIfDirty(
  root: string,
  outDir: string | undefined,
  logger: Pick<Logger, 'warn'>,
): Promise<boolean> {
  const changes = await uncommittedChanges(root, outDir)
  if (!changes) return false
  const shown = changes.slice(0, 3).join(', ') + (changes.length > 3 ? `, … (${changes.length} in all)` : '')
  logger.warn(
    `--save-baseline on a work tree with uncommitted changes (${shown}): the record is stored for HEAD but measures these edits too. Commit or stash them first; in CI, a build step may be rewriting tracked files.`,
  )
  return true
}

function short(name: string): string {
  return name.replace(/^perfgate:/, '')
}
