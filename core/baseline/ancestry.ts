import type { Logger } from '../model/types.js'
import { gitOrNull, runGit } from './git.js'
import { defaultBranch, isFullSha, isShallow, refExists, resolveCommit } from './project.js'

/** Which recorded commit a change is compared against: merge-base, then its first-parent ancestors. */

export interface AncestryContext {
  root: string
  remote: string
  hasRemote: boolean
  logger: Logger
  /** Stops a running fetch (Ctrl-C). */
  signal?: AbortSignal
}

export interface BaseRef {
  /** What merge-base is computed against, e.g. `origin/main`. */
  ref: string
  /** The remote branch behind it, when there is one (used to deepen shallow clones). */
  branch: string | null
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string; unreachable?: boolean }

const SHALLOW_HINT = 'set `fetch-depth: 0` on actions/checkout (or run `git fetch --unshallow`)'

function short(sha: string): string {
  return sha.slice(0, 12)
}

async function fetchInto(ctx: AncestryContext, args: string[]): Promise<boolean> {
  return (await fetchResult(ctx, args)) === 'ok'
}

/**
 * 'missing' when the remote answered that the ref does not exist; 'failed' for any other failure. A
 * remote that does not answer within the network timeout throws (NetworkTimeoutError).
 */
async function fetchResult(ctx: AncestryContext, args: string[]): Promise<'ok' | 'missing' | 'failed'> {
  const result = await runGit(['fetch', '--no-tags', ...args], {
    cwd: ctx.root,
    signal: ctx.signal,
    network: { what: `git fetch ${args.join(' ')} (to find the merge-base) from remote "${ctx.remote}"` },
  })
  if (result.code === 0) return 'ok'
  ctx.logger.debug(`git fetch ${args.join(' ')}: ${result.stderr.trim()}`)
  return /couldn't find remote ref|no such ref/i.test(result.stderr) ? 'missing' : 'failed'
}

async function isBranchName(root: string, name: string): Promise<boolean> {
  if (isFullSha(name) || name.startsWith('-')) return false
  return (await runGit(['check-ref-format', `refs/heads/${name}`], { cwd: root })).code === 0
}

/**
 * The base to compare against: `<remote>/<name>` when that remote-tracking branch exists or can
 * be fetched, else `name` itself when it names a commit (a local branch, tag or sha).
 */
export async function resolveBase(
  ctx: AncestryContext,
  requested: string | null,
): Promise<Outcome<BaseRef> & { ref: string }> {
  const name = requested || (await defaultBranch(ctx.root, ctx.remote, ctx.hasRemote))
  const prefix = `${ctx.remote}/`
  const tracking = name.startsWith(prefix) && ctx.hasRemote ? name : `${prefix}${name}`
  const branch = tracking.slice(prefix.length)
  if (await refExists(ctx.root, `refs/remotes/${tracking}`))
    return { ok: true, ref: tracking, value: { ref: tracking, branch } }
  let fetched: 'ok' | 'missing' | 'failed' | null = null
  if (ctx.hasRemote && (await isBranchName(ctx.root, branch))) {
    // Missing remote-tracking branch (single-branch CI clones): fetch it, shallowly in a shallow clone.
    const depth = (await isShallow(ctx.root)) ? ['--depth=64'] : []
    const refspec = `+refs/heads/${branch}:refs/remotes/${tracking}`
    ctx.logger.debug(`fetching ${tracking} to find the merge-base`)
    fetched = await fetchResult(ctx, [...depth, ctx.remote, refspec])
    if (fetched === 'ok') return { ok: true, ref: tracking, value: { ref: tracking, branch } }
  }
  if (await resolveCommit(ctx.root, name)) return { ok: true, ref: name, value: { ref: name, branch: null } }
  if (fetched === 'failed')
    return {
      ok: false,
      ref: name,
      unreachable: true,
      reason: `cannot fetch branch ${branch} from remote "${ctx.remote}" to find the merge-base (see --debug for git's message)`,
    }
  const where = ctx.hasRemote ? `no branch ${tracking} on the remote and` : `no remote "${ctx.remote}" and`
  return {
    ok: false,
    ref: name,
    reason: `base "${name}" not found (${where} no local ref of that name); pass --base REF or set baseline.base`,
  }
}

/** Fetches `count` more commits behind every shallow boundary. */
async function deepen(ctx: AncestryContext, base: BaseRef, count: number): Promise<boolean> {
  if (!ctx.hasRemote) return false
  const refspec = base.branch ? [`+refs/heads/${base.branch}:refs/remotes/${ctx.remote}/${base.branch}`] : []
  ctx.logger.debug(`shallow clone: fetching ${count} more commits of history`)
  return fetchInto(ctx, [`--deepen=${count}`, ctx.remote, ...refspec])
}

/**
 * merge-base(head, base). In a shallow clone the history is deepened a bounded number of times
 * (64, 128, 256, … commits) before giving up with the fetch-depth advice.
 */
export async function findMergeBase(
  ctx: AncestryContext,
  head: string,
  base: BaseRef,
  deepenSteps: number,
): Promise<Outcome<string>> {
  const mergeBase = () => gitOrNull(['merge-base', head, base.ref], { cwd: ctx.root })
  let found = await mergeBase()
  for (let step = 0; !found && step < deepenSteps; step++) {
    if (!(await isShallow(ctx.root))) break
    if (!(await deepen(ctx, base, 64 * 2 ** step))) break
    found = await mergeBase()
  }
  if (found) return { ok: true, value: found }
  if (await isShallow(ctx.root)) {
    return {
      ok: false,
      reason: `shallow clone: ${head} and ${base.ref} have no common ancestor in the fetched history; ${SHALLOW_HINT}`,
    }
  }
  return { ok: false, reason: `${head} and ${base.ref} have no common ancestor` }
}

/** `from` and its first-parent ancestors, nearest first, at most `bound`. */
export async function firstParentWalk(ctx: AncestryContext, from: string, bound: number): Promise<string[]> {
  const out = await gitOrNull(['rev-list', '--first-parent', `--max-count=${bound}`, from], { cwd: ctx.root })
  return out ? out.split('\n').filter(Boolean) : [from]
}

/**
 * The first-parent walk, deepened once in a shallow clone when it ended at the shallow
 * boundary before `bound` without meeting any commit for which `wanted` is true.
 */
export async function walkForRecords(
  ctx: AncestryContext,
  base: BaseRef,
  from: string,
  bound: number,
  wanted: (commit: string) => boolean,
): Promise<string[]> {
  let walk = await firstParentWalk(ctx, from, bound)
  if (walk.length < bound && !walk.some(wanted) && (await isShallow(ctx.root))) {
    if (await deepen(ctx, base, bound)) walk = await firstParentWalk(ctx, from, bound)
  }
  return walk
}

export function describeMissing(mergeBase: string, walked: number, store: string): string {
  const ancestors = walked > 1 ? ` or its ${walked - 1} nearest first-parent ancestors` : ''
  return `no baseline record for merge-base ${short(mergeBase)}${ancestors} in ${store}`
}
