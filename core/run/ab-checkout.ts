// Where the base side of an A/B run comes from: a folder the user built (`--ab-dir`), or a temporary
// checkout of a ref (`--ab [REF]`) made with `git archive`, outside the work tree, so that the user's
// index, HEAD, branches and worktree list are never touched. The checkout is removed on every path.
import { existsSync } from 'node:fs'
import { lstat, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import type { ResolvedConfig } from '../config/types.js'
import { PerfgateError } from '../model/errors.js'
import type { Logger } from '../model/types.js'
import { describeExit, startProcessGroup } from '../toolkit/process-group.js'
import { abCacheDir, abCacheKey, cachedBase, pendingEntry, storeBase } from './ab-cache.js'
import { copyIgnoredEnvFiles } from './ab-env.js'
import { registerChild, registerTempDir, releaseTempDir } from './children.js'

/** The base side of an A/B run. */
export interface AbBase {
  /** The base's config folder: the plugins' `ctx.cwd` on the base side. */
  cwd: string
  /** Its commit, when known. */
  commit: string | null
  /** `--ab-dir ../base`, `--ab origin/main (merge-base 1a2b3c4)`: for logs and the report. */
  label: string
  /** A ref checkout left unbuilt (no `ab.build`): a base side that fails is told it may be why. */
  unbuilt?: boolean
  /** Removes what was made for it (the temporary checkout); safe to call twice. */
  dispose(): Promise<void>
}

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb']

/** The config folder's path inside the repository (`''` at its root), so the base uses the same one. */
async function configPathInRepo(config: ResolvedConfig): Promise<{ repo: string | null; rel: string }> {
  const { findRepoRoot } = await import('../baseline/project.js')
  const repo = await findRepoRoot(config.root)
  return { repo, rel: repo ? relative(repo, config.root) : '' }
}

/** `--ab-dir DIR`: a checkout of the base, already built. */
export async function abFromDir(
  dir: string,
  config: ResolvedConfig,
  cwd: string,
  logger: Logger,
): Promise<AbBase> {
  const folder = resolve(cwd, dir)
  const isDir = await stat(folder).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!isDir)
    throw new PerfgateError('USAGE', `--ab-dir ${dir}: no such folder (${folder}).`, {
      hint: 'Pass a checkout of the base commit, already built (e.g. `git worktree add ../base origin/main` and its build).',
    })
  const { rel } = await configPathInRepo(config)
  const baseCwd = join(folder, rel)
  if (!existsSync(baseCwd))
    throw new PerfgateError(
      'USAGE',
      `--ab-dir ${dir}: it has no folder ${rel} (where the config lives in this repository).`,
      { hint: 'Pass the root of a checkout of the same repository at the base commit.' },
    )
  const { gitOrNull } = await import('../baseline/git.js')
  const top = await gitOrNull(['rev-parse', '--show-toplevel'], { cwd: folder })
  const commit =
    top && resolve(top) === folder ? await gitOrNull(['rev-parse', 'HEAD'], { cwd: folder }) : null
  await copyIgnoredEnvFiles(config.root, baseCwd, logger)
  return { cwd: baseCwd, commit, label: `--ab-dir ${dir}`, dispose: async () => {} }
}

export interface AbRefOptions {
  logger: Logger
  signal: AbortSignal
  /** `--base`: the branch whose merge-base is the default ref. */
  base?: string
}

/** `--ab [REF]`: a temporary checkout of REF (default: the merge-base with the base branch), built there. */
export async function abFromRef(
  ref: string | null,
  config: ResolvedConfig,
  options: AbRefOptions,
): Promise<AbBase> {
  const { repo, rel } = await configPathInRepo(config)
  if (!repo)
    throw new PerfgateError('GIT', `--ab needs a git repository; ${config.root} is not in one.`, {
      hint: 'Use --ab-dir DIR with a built checkout of the base instead.',
    })
  const { commit, label } = await resolveAbRef(repo, ref, config, options)
  const cache = await openCache(repo, commit, rel, config)
  if (cache?.hit) {
    options.logger.info(`A/B: ${label} reused, built, from the cache ${cache.hit}`)
    await copyIgnoredEnvFiles(config.root, join(cache.hit, rel), options.logger)
    return {
      cwd: join(cache.hit, rel),
      commit,
      label,
      dispose: async () => {},
      ...(config.ab.build ? {} : { unbuilt: true }),
    }
  }
  if (cache) await mkdir(cache.dir, { recursive: true })
  const dir = cache ? pendingEntry(cache.dir, cache.key) : await mkdtemp(join(tmpdir(), 'perfgate-ab-'))
  if (cache) await mkdir(dir, { recursive: true })
  registerTempDir(dir)
  let removed = false
  const dispose = async () => {
    if (removed) return
    removed = true
    await rm(dir, { recursive: true, force: true })
    releaseTempDir(dir)
  }
  try {
    options.logger.info(`A/B: checking out ${label} into ${dir}`)
    await extract(repo, commit, dir, options.signal)
    const baseCwd = join(dir, rel)
    await provideNodeModules(repo, dir, rel, options)
    await copyIgnoredEnvFiles(config.root, baseCwd, options.logger)
    if (config.ab.build) await build(config.ab.build, baseCwd, options)
    else
      options.logger.debug('A/B: ab.build is not set, so the base checkout is measured as committed, unbuilt')
    if (cache) {
      // Built: kept for the next run on the same merge-base and lockfiles.
      const entry = await storeBase(cache.dir, cache.key, dir)
      removed = true
      releaseTempDir(dir)
      options.logger.debug(`A/B: the built base is cached in ${entry}`)
      return {
        cwd: join(entry, rel),
        commit,
        label,
        dispose: async () => {},
        ...(config.ab.build ? {} : { unbuilt: true }),
      }
    }
    return { cwd: baseCwd, commit, label, dispose, ...(config.ab.build ? {} : { unbuilt: true }) }
  } catch (error) {
    await dispose()
    throw error
  }
}

/** The cache of built bases (ab-cache.ts): its folder, this base's key, and the stored entry if any. */
async function openCache(repo: string, commit: string, rel: string, config: ResolvedConfig) {
  const dir = abCacheDir()
  if (!dir) return null
  const baseFile = (path: string) => gitShow(repo, commit, path)
  const key = await abCacheKey({ repo, commit, rel, build: config.ab.build ?? null, baseFile })
  return { dir, key, hit: await cachedBase(dir, key) }
}

/** `git show COMMIT:PATH` as bytes, or null when the file is not in that commit. */
async function gitShow(repo: string, commit: string, path: string): Promise<Buffer | null> {
  const group = startProcessGroup(['git', 'cat-file', 'blob', `${commit}:${path}`], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const chunks: Buffer[] = []
  group.child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk))
  const exit = await group.exited
  return exit.code === 0 ? Buffer.concat(chunks) : null
}

async function resolveAbRef(
  repo: string,
  ref: string | null,
  config: ResolvedConfig,
  options: AbRefOptions,
): Promise<{ commit: string; label: string }> {
  const { resolveCommit, remoteUrl } = await import('../baseline/project.js')
  if (ref) {
    const commit = await resolveCommit(repo, ref)
    if (!commit)
      throw new PerfgateError('USAGE', `--ab ${ref}: no such commit in ${repo}.`, {
        hint: 'Pass a branch, tag or sha that exists locally (git fetch it first in CI).',
      })
    return { commit, label: `${ref} (${commit.slice(0, 7)})` }
  }
  const { findMergeBase, resolveBase } = await import('../baseline/ancestry.js')
  const remote = config.baseline.remote
  const ctx = {
    root: repo,
    remote,
    hasRemote: (await remoteUrl(repo, remote)) !== null,
    logger: options.logger,
    signal: options.signal,
  }
  const requested = options.base ?? config.baseline.base ?? (process.env.GITHUB_BASE_REF || null)
  const base = await resolveBase(ctx, requested)
  if (!base.ok)
    throw new PerfgateError('USAGE', `--ab: ${base.reason}.`, {
      hint: 'Pass the base explicitly: --ab REF, or --base BRANCH.',
    })
  const found = await findMergeBase(ctx, 'HEAD', base.value, 3)
  if (!found.ok)
    throw new PerfgateError('GIT', `--ab: ${found.reason}.`, { hint: 'Pass the base explicitly: --ab REF.' })
  return { commit: found.value, label: `merge-base of HEAD and ${base.ref} (${found.value.slice(0, 7)})` }
}

/** `git archive REF | tar -x`: files only, no .git, nothing written to the repository. */
async function extract(repo: string, commit: string, dir: string, signal: AbortSignal): Promise<void> {
  const archive = startProcessGroup(['git', 'archive', '--format=tar', commit], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal,
    track: registerChild,
  })
  const tar = startProcessGroup(['tar', '-x', '-f', '-', '-C', dir], {
    stdio: ['pipe', 'ignore', 'pipe'],
    signal,
    track: registerChild,
  })
  archive.child.stdout?.pipe(tar.child.stdin as NodeJS.WritableStream)
  const [a, t] = await Promise.all([archive.exited, tar.exited])
  signal.throwIfAborted()
  if (a.code !== 0 || t.code !== 0)
    throw new PerfgateError(
      'GIT',
      `Checking out ${commit.slice(0, 7)} for A/B failed: git archive ${describeExit(a)}, tar ${describeExit(t)}.\n${archive.lastLines(5)}\n${tar.lastLines(5)}`.trim(),
    )
}

/**
 * node_modules for the checkout: a symlink to the project's own when every lockfile is byte-for-byte
 * the same (minutes saved, and the same dependencies measured), else `npm ci` in the checkout.
 */
async function provideNodeModules(
  repo: string,
  dir: string,
  rel: string,
  options: AbRefOptions,
): Promise<void> {
  const folders = [...new Set([rel, ''])]
  for (const folder of folders) {
    const head = join(repo, folder)
    const base = join(dir, folder)
    if (!existsSync(join(base, 'package.json'))) continue
    const own = join(head, 'node_modules')
    if (existsSync(join(base, 'node_modules'))) continue
    if (existsSync(own) && (await sameLockfiles(head, base))) {
      await linkFarm(own, join(base, 'node_modules'))
      options.logger.debug(`A/B: same lockfile in ${folder || '.'}: node_modules linked to ${own}`)
      continue
    }
    if (!LOCKFILES.some((name) => existsSync(join(base, name)))) continue
    if (!existsSync(join(base, 'package-lock.json'))) {
      options.logger.warn(
        `A/B: the base's lockfile in ${folder || '.'} differs and is not npm's; install its dependencies in ab.build.`,
      )
      continue
    }
    options.logger.info(`A/B: the base's lockfile differs: npm ci in ${folder || '.'}`)
    await shell('npm ci --no-audit --no-fund', base, options, 'npm ci in the A/B checkout', {
      hint: `Run \`npm ci\` in a checkout of the base commit to see it fail the same way: its package-lock.json must match its package.json (a base whose lockfile is broken cannot be installed; pass --ab-dir with a built checkout instead).`,
    })
  }
}

/**
 * A real node_modules folder whose entries are symlinks to the project's. Never one symlink to the
 * folder itself: an `npm ci` in ab.build would then empty the user's node_modules through it, where here
 * it only unlinks the links. Tool caches stay apart, so the sides do not share them.
 */
async function linkFarm(own: string, target: string): Promise<void> {
  const { mkdir, readdir, realpath } = await import('node:fs/promises')
  const source = (await lstat(own)).isSymbolicLink() ? await realpath(own) : own
  await mkdir(target)
  for (const entry of await readdir(source)) {
    if (CACHES.has(entry)) continue
    await symlink(join(source, entry), join(target, entry))
  }
}

const CACHES = new Set(['.cache', '.vite', '.vite-temp', '.perfgate'])

async function sameLockfiles(head: string, base: string): Promise<boolean> {
  const read = (path: string) => readFile(path).catch(() => null)
  let any = false
  for (const name of [...LOCKFILES, 'package.json']) {
    const [a, b] = await Promise.all([read(join(head, name)), read(join(base, name))])
    if (a === null && b === null) continue
    if (a === null || b === null || !a.equals(b)) return false
    if (name !== 'package.json') any = true
  }
  return any || existsSync(join(head, 'package.json'))
}

async function build(command: string, cwd: string, options: AbRefOptions): Promise<void> {
  options.logger.info(`A/B: building the base: ${command}`)
  await shell(command, cwd, options, `ab.build (${command})`)
}

async function shell(
  command: string,
  cwd: string,
  options: AbRefOptions,
  what: string,
  fix: { hint?: string } = {},
): Promise<void> {
  const started = Date.now()
  const group = startProcessGroup(command, {
    cwd,
    env: { ...withoutNpmEnvironment(process.env), PERFGATE_AB_SIDE: 'base' },
    signal: options.signal,
    track: registerChild,
  })
  const exit = await group.exited
  options.signal.throwIfAborted()
  if (exit.code !== 0) {
    // npm's own error lines say why; the tail of a long install log often does not.
    const all = group.lastLines(200)
    const npmErrors = npmErrorLines(all)
    const shown = npmErrors.length > 0 ? npmErrors.slice(0, 25).join('\n') : group.lastLines(15)
    throw new PerfgateError('PLUGIN_FAILED', `${what} ${describeExit(exit)} in ${cwd}.`, {
      hint: `${npmErrors.length > 0 ? "npm's errors" : 'Its last output'}:\n${shown || '(none)'}${fix.hint ? `\n${fix.hint}` : ''}`,
    })
  }
  options.logger.debug(`A/B: ${what} took ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

/** npm's `npm error` lines, without the usage text npm appends to a usage error (EUSAGE). */
export function npmErrorLines(output: string): string[] {
  const lines: string[] = []
  for (const line of output.split('\n')) {
    if (!/^npm (error|ERR!)/.test(line)) continue
    const text = line.replace(/^npm (error|ERR!)\s?/, '')
    if (/^(Usage:|Clean install a project|Options:)/.test(text)) break
    if (text.trim()) lines.push(line)
  }
  return lines
}

/**
 * The environment without what `npm exec`/`npx`/`npm run` put in it for its own child: npm_config_*
 * (its command line: a nested `npm ci` would take `npm exec`'s flags for its own and print its usage),
 * npm_lifecycle_*, npm_package_*, npm_command, npm_execpath… and INIT_CWD. The user's own npm settings
 * come from .npmrc, which the nested npm reads itself (and NPM_CONFIG_* in capitals, a user's own, stay).
 */
export function withoutNpmEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => KEPT_NPM.has(name) || (!name.startsWith('npm_') && name !== 'INIT_CWD'),
    ),
  )
}

/** Where npm finds its registry, cache and credentials: the same for the nested npm. */
const KEPT_NPM = new Set([
  'npm_config_registry',
  'npm_config_cache',
  'npm_config_userconfig',
  'npm_config_globalconfig',
  'npm_config_cafile',
])
