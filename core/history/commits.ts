import { runGit } from '../baseline/git.js'
import { remoteUrl } from '../baseline/project.js'

export interface CommitInfo {
  /** Committer date, ISO. */
  date: string
  /** First line of the message. */
  subject: string
}

/** Date and subject of those commits the project's repository has (read-only; never fetches). */
export async function commitInfo(root: string | null, commits: string[]): Promise<Map<string, CommitInfo>> {
  const info = new Map<string, CommitInfo>()
  if (!root || commits.length === 0) return info
  // GIT_NO_LAZY_FETCH: in a partial clone an unknown sha must not cost a fetch each.
  const env = { GIT_NO_LAZY_FETCH: '1' }
  const check = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    cwd: root,
    input: `${commits.join('\n')}\n`,
    env,
  })
  const present = check.stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.endsWith(' commit'))
    .map((line) => line.split(' ')[0])
  if (present.length === 0) return info
  const log = await runGit(['log', '--no-walk=unsorted', '--format=%H%x00%cI%x00%s', '--stdin'], {
    cwd: root,
    input: `${present.join('\n')}\n`,
    env,
  })
  for (const line of log.stdout.toString('utf8').split('\n')) {
    const [sha, date, subject] = line.split('\0')
    if (sha && date) info.set(sha, { date: new Date(date).toISOString(), subject: subject ?? '' })
  }
  return info
}

export interface CommitLinks {
  /** The web page of a commit, or null when the repository has no known web address. */
  commit(sha: string): string | null
  /** The web page comparing two commits. */
  compare(from: string, to: string): string | null
}

/**
 * Web links to commits: from GitHub Actions' GITHUB_SERVER_URL and GITHUB_REPOSITORY, else from the
 * remote's URL when it is an http(s), ssh or scp-style address of a forge (`/commit/<sha>`, as GitHub,
 * GitLab and Gitea serve). Credentials in a URL are never copied into a link.
 */
export async function commitLinks(root: string | null, remote: string): Promise<CommitLinks> {
  const repoUrl = repositoryUrlFromEnv() ?? (root ? webUrl(await remoteUrl(root, remote)) : null)
  const sha = (s: string) => (/^[0-9a-f]{7,64}$/i.test(s) ? s : null)
  return {
    commit: (s) => (repoUrl && sha(s) ? `${repoUrl}/commit/${s}` : null),
    compare: (a, b) => (repoUrl && sha(a) && sha(b) ? `${repoUrl}/compare/${a}...${b}` : null),
  }
}

function repositoryUrlFromEnv(): string | null {
  const repository = process.env.GITHUB_REPOSITORY
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return null
  const server = (process.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return /^https?:\/\/[^\s/@]+$/.test(server) ? `${server}/${repository}` : null
}

/** `https://host/owner/repo` from a git remote URL, or null for local paths and unknown forms. */
export function webUrl(url: string | null): string | null {
  if (!url) return null
  const path = (p: string) => p.replace(/\.git$/, '').replace(/\/+$/, '')
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/)([\w./-]+)$/.exec(url)
  if (scp) return `https://${scp[1]}/${path(scp[2])}`
  try {
    const parsed = new URL(url)
    if (!['http:', 'https:', 'ssh:', 'git:'].includes(parsed.protocol)) return null
    const repo = path(parsed.pathname)
    if (!/^\/[\w.-]+\/[\w./-]+$/.test(repo)) return null
    const scheme = parsed.protocol === 'http:' ? 'http' : 'https'
    return `${scheme}://${parsed.hostname}${repo}`
  } catch {
    return null
  }
}
