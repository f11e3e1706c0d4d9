import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ResolvedConfig } from '../../../core/config/types.js'
import type { RunReport } from '../../../core/model/types.js'
import { makeMetric, makeReport as makeTestReport } from '../../helpers/reports.js'

const run = promisify(execFile)

/** Tests run without the developer's git config: no identity, no hooks, nothing global. */
export async function isolateGit(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'perfgate-home-'))
  await writeFile(join(home, 'gitconfig'), '')
  process.env.GIT_CONFIG_GLOBAL = join(home, 'gitconfig')
  process.env.GIT_CONFIG_NOSYSTEM = '1'
  for (const name of [
    'GITHUB_BASE_REF',
    'GITHUB_HEAD_REF',
    'GITHUB_REF_NAME',
    'GIT_AUTHOR_NAME',
    'GIT_AUTHOR_EMAIL',
  ]) {
    delete process.env[name]
  }
  delete process.env.GIT_COMMITTER_NAME
  delete process.env.GIT_COMMITTER_EMAIL
  return home
}

let clock = 1_700_000_000

/** Runs git as a test user, each commit one minute after the previous one so dates order commits. */
export async function sh(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  clock += 60
  const { stdout } = await run('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_AUTHOR_DATE: `${clock} +0000`,
      GIT_COMMITTER_DATE: `${clock} +0000`,
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  })
  return stdout.trim()
}

export async function commit(cwd: string, message: string): Promise<string> {
  await sh(cwd, ['commit', '--allow-empty', '-q', '-m', message])
  return sh(cwd, ['rev-parse', 'HEAD'])
}

export interface World {
  dir: string
  /** Bare repository standing in for GitHub; blob filters allowed, as on GitHub. */
  origin: string
  originUrl: string
  /** A clone of origin: the user's project. */
  project: string
  /** main's commits, oldest first. */
  main: string[]
  cleanup(): Promise<void>
}

/** origin with `mainCommits` commits on main, and a full clone of it. */
export async function makeWorld(mainCommits = 5): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'perfgate-baseline-'))
  const origin = join(dir, 'origin.git')
  await sh(dir, ['init', '-q', '--bare', '-b', 'main', origin])
  await sh(origin, ['config', 'uploadpack.allowFilter', 'true'])
  const seed = join(dir, 'seed')
  await sh(dir, ['init', '-q', '-b', 'main', seed])
  const main: string[] = []
  for (let i = 1; i <= mainCommits; i++) main.push(await commit(seed, `main ${i}`))
  await sh(seed, ['push', '-q', origin, 'main'])
  const originUrl = `file://${origin}`
  const project = join(dir, 'project')
  await sh(dir, ['clone', '-q', originUrl, project])
  return { dir, origin, originUrl, project, main, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

export function gitConfig(root: string, baseline: Partial<ResolvedConfig['baseline']> = {}) {
  return {
    root,
    baseline: {
      store: 'git' as const,
      branch: 'perfgate-baselines',
      remote: 'origin',
      dir: '.perfgate/baselines',
      base: null,
      ...baseline,
    },
  }
}

/** A valid report of one commit: one bundle metric from one plugin. */
export function makeReport(commitSha: string | null, overrides: Partial<RunReport> = {}): RunReport {
  return makeTestReport({
    createdAt: '2025-01-01T00:00:00.000Z',
    commit: commitSha,
    plugins: [{ name: 'perfgate:bundle', status: 'ok', durationMs: 12 }],
    metrics: [makeMetric('bundle/initial-js/brotli', 1000, { title: 'Initial JS (brotli)' })],
    ...overrides,
  })
}

/** Writes a file straight onto a branch of a bare repo, as another tool (or a bug) might. */
export async function writeRawFile(
  bare: string,
  branch: string,
  path: string,
  content: string,
): Promise<string> {
  const index = join(bare, `raw-index-${Math.random().toString(36).slice(2)}`)
  const env = { GIT_INDEX_FILE: index }
  const tip = await sh(bare, ['rev-parse', '--verify', '-q', `refs/heads/${branch}`]).catch(() => '')
  const oid = await hashObject(bare, content)
  await sh(bare, tip ? ['read-tree', tip] : ['read-tree', '--empty'], env)
  await sh(bare, ['update-index', '--add', '--cacheinfo', `100644,${oid},${path}`], env)
  const tree = await sh(bare, ['write-tree'], env)
  await rm(index, { force: true })
  const next = await sh(bare, ['commit-tree', tree, ...(tip ? ['-p', tip] : []), '-m', `raw ${path}`])
  await sh(bare, ['update-ref', `refs/heads/${branch}`, next])
  return next
}

function hashObject(cwd: string, content: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', ['hash-object', '-w', '--stdin'], { cwd }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    )
    child.stdin?.end(content)
  })
}

/** The repository's state a user would notice: work tree, index, HEAD, branches, stash, config. */
export async function snapshot(repo: string): Promise<Record<string, string>> {
  const hash = async (file: string) =>
    createHash('sha1')
      .update(await readFile(file).catch(() => Buffer.from('')))
      .digest('hex')
  return {
    status: await sh(repo, ['status', '--porcelain', '--untracked-files=all']),
    head: await sh(repo, ['rev-parse', 'HEAD']),
    symbolicHead: await sh(repo, ['symbolic-ref', '-q', 'HEAD']).catch(() => '(detached)'),
    branches: await sh(repo, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads']),
    stash: await sh(repo, ['stash', 'list']),
    index: await hash(join(repo, '.git', 'index')),
    config: await hash(join(repo, '.git', 'config')),
    refs: await sh(repo, ['for-each-ref', '--format=%(refname)']),
  }
}
