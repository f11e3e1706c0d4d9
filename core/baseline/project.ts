import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { git, gitOrNull, runGit } from './git.js'

/** Facts about the project's own repository; read-only helpers, none of them writes. */

export async function findRepoRoot(cwd: string): Promise<string | null> {
  if (!existsSync(cwd)) return null
  try {
    return await gitOrNull(['rev-parse', '--show-toplevel'], { cwd })
  } catch {
    return null
  }
}

/** HEAD sha, branch and repo top-level; all null outside a repository. Never throws. */
export async function gitFacts(
  cwd: string,
): Promise<{ commit: string | null; branch: string | null; root: string | null }> {
  const root = await findRepoRoot(cwd)
  if (!root) return { commit: null, branch: null, root: null }
  try {
    const commit = await gitOrNull(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: root })
    let branch = await gitOrNull(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: root })
    // Detached HEAD, as in CI checkouts: the CI knows which branch this is.
    if (!branch) branch = process.env.GITHUB_HEAD_REF || process.env.GITHUB_REF_NAME || null
    return { commit: commit || null, branch, root }
  } catch {
    return { commit: null, branch: null, root }
  }
}

export function isFullSha(text: string): boolean {
  return /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(text)
}

/** The commit a ref names in the project repo, or null. */
export async function resolveCommit(root: string, ref: string): Promise<string | null> {
  if (ref.startsWith('-')) return null
  return gitOrNull(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root })
}

export async function refExists(root: string, ref: string): Promise<boolean> {
  return (await gitOrNull(['rev-parse', '--verify', '--quiet', ref], { cwd: root })) !== null
}

/** The remote's (fetch or push) URL, made absolute when it is a relative local path; null when there is no such remote. */
export async function remoteUrl(root: string, remote: string, push = false): Promise<string | null> {
  const url = await gitOrNull(['remote', 'get-url', ...(push ? ['--push'] : []), remote], { cwd: root })
  if (!url) return null
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
  const isScp = /^[^/]+:/.test(url) && !isAbsolute(url)
  return isUrl || isScp ? url : resolve(root, url)
}

export async function isShallow(root: string): Promise<boolean> {
  return (await gitOrNull(['rev-parse', '--is-shallow-repository'], { cwd: root })) === 'true'
}

/**
 * The remote's default branch: its HEAD as last fetched, else as the remote says now,
 * else main or master when one of them exists.
 */
export async function defaultBranch(root: string, remote: string, hasRemote: boolean): Promise<string> {
  const prefix = `refs/remotes/${remote}/`
  const symbolic = await gitOrNull(['symbolic-ref', '--quiet', `${prefix}HEAD`], { cwd: root })
  if (symbolic?.startsWith(prefix)) return symbolic.slice(prefix.length)
  if (hasRemote) {
    const advertised = await gitOrNull(['ls-remote', '--symref', remote, 'HEAD'], {
      cwd: root,
      network: { what: `git ls-remote of the default branch of remote "${remote}"` },
    })
    const match = advertised?.match(/^ref: refs\/heads\/(\S+)\s+HEAD$/m)
    if (match) return match[1]
  }
  for (const name of ['main', 'master']) {
    if (await refExists(root, `${prefix}${name}`)) return name
    if (await refExists(root, `refs/heads/${name}`)) return name
  }
  return 'main'
}

/**
 * The project's local settings a scratch repository needs to reach the same remote:
 * credentials, extra headers (actions/checkout's token), URL rewrites, ssh command.
 * Returned as GIT_CONFIG_COUNT variables, so nothing is written anywhere.
 */
export async function transportConfigEnv(root: string): Promise<Record<string, string>> {
  const result = await runGit(
    [
      'config',
      '--local',
      '--includes',
      '--null',
      '--get-regexp',
      '^(http|credential|url)\\..*|^core\\.(sshcommand|askpass)$',
    ],
    { cwd: root },
  )
  const entries: Array<[string, string]> = []
  if (result.code === 0) {
    for (const item of result.stdout.toString('utf8').split('\0')) {
      if (!item) continue
      const newline = item.indexOf('\n')
      entries.push(newline < 0 ? [item, 'true'] : [item.slice(0, newline), item.slice(newline + 1)])
    }
  }
  const start = Number(process.env.GIT_CONFIG_COUNT) || 0
  const env: Record<string, string> = {}
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${start + i}`] = key
    env[`GIT_CONFIG_VALUE_${start + i}`] = value
  })
  if (entries.length) env.GIT_CONFIG_COUNT = String(start + entries.length)
  return env
}

/** Commits need an author; use the user's identity, else perfgate's, without touching any config. */
export async function identityEnv(root: string | null): Promise<Record<string, string>> {
  const configured = async (key: string) =>
    root ? await gitOrNull(['config', '--get', key], { cwd: root }) : null
  const name = (await configured('user.name')) || 'perfgate'
  const email = (await configured('user.email')) || 'perfgate@users.noreply.github.com'
  const env: Record<string, string> = {}
  const fill = (variable: string, value: string) => {
    if (!process.env[variable]) env[variable] = value
  }
  fill('GIT_AUTHOR_NAME', name)
  fill('GIT_AUTHOR_EMAIL', email)
  fill('GIT_COMMITTER_NAME', name)
  fill('GIT_COMMITTER_EMAIL', email)
  return env
}

/** Committer dates (ISO) of those commits that exist in the project repo. */
export async function commitDates(root: string | null, commits: string[]): Promise<Map<string, string>> {
  const dates = new Map<string, string>()
  if (!root || commits.length === 0) return dates
  // GIT_NO_LAZY_FETCH (git 2.44+): in a partial clone, an unknown sha must not cost a fetch each.
  const check = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    cwd: root,
    input: `${commits.join('\n')}\n`,
    env: { GIT_NO_LAZY_FETCH: '1' },
  })
  const present = check.stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.endsWith(' commit'))
    .map((line) => line.split(' ')[0])
  if (present.length === 0) return dates
  const log = await git(['log', '--no-walk=unsorted', '--format=%H %cI', '--stdin'], {
    cwd: root,
    input: `${present.join('\n')}\n`,
  })
  for (const line of log.split('\n')) {
    const [sha, date] = line.split(' ')
    if (sha && date) dates.set(sha, new Date(date).toISOString())
  }
  return dates
}
