import { randomBytes } from 'node:crypto'
import { redactUrls } from '../baseline/git.js'
import { NETWORK_TIMEOUT_VARIABLE, networkTimeoutMs } from '../model/network-timeout.js'
import { type ExecResult, exec, firstLine } from './exec.js'
import type { CheckResult } from './types.js'

export interface GitCheckOptions {
  /** The project folder (the config's folder, else where doctor runs). */
  cwd: string
  /** Remote and branch the baseline store uses (config `baseline.remote` / `baseline.branch`). */
  remote: string
  branch: string
  /** For commands that talk to the remote; default PERFGATE_NETWORK_TIMEOUT, else 30 s. */
  timeoutMs?: number
}

/** Like the baseline store's git: no prompt that would hang, English messages, no inherited GIT_DIR. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANGUAGE: 'C' }
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX'])
    delete env[name]
  env.GIT_SSH_COMMAND ??= 'ssh -o BatchMode=yes -o ConnectTimeout=10'
  return env
}

function git(args: string[], cwd: string, timeoutMs = 10_000): Promise<ExecResult> {
  return exec('git', args, { cwd, timeoutMs, env: gitEnv() })
}

const reason = (r: ExecResult, timeoutMs?: number) =>
  r.failure === 'timeout'
    ? `timed out (no answer within ${timeoutMs ?? 10_000} ms; ${NETWORK_TIMEOUT_VARIABLE} raises the limit)`
    : redactUrls(firstLine(r.stderr) || `exit code ${r.code}`)

/**
 * git itself, the repository, the remote (reachable, and whether the baselines branch exists) and
 * whether this machine may push to it. Nothing on the remote is changed: `git ls-remote` reads, and
 * the push is a `--dry-run` of a throw-away branch name.
 */
export async function gitChecks(options: GitCheckOptions): Promise<CheckResult[]> {
  const { cwd, remote, branch } = options
  // A check, not a transfer: 30 s unless the limit every network call of perfgate honours is set.
  const timeoutMs = options.timeoutMs ?? networkTimeoutMs(process.env, 30_000)
  const version = await git(['--version'], cwd)
  if (version.code !== 0)
    return [
      {
        name: 'git',
        status: 'fail',
        message: version.failure === 'ENOENT' ? 'git is not installed (or not on PATH)' : reason(version),
        fix: 'install git (`apt-get install git` on Debian/Ubuntu) and check that `git --version` works',
      },
      ...['repository', 'remote', 'push'].map(skipped('needs git')),
    ]
  const results: CheckResult[] = [{ name: 'git', status: 'ok', message: version.stdout.trim() }]

  const top = await git(['rev-parse', '--show-toplevel'], cwd)
  if (top.code !== 0)
    return [
      ...results,
      {
        name: 'repository',
        status: 'fail',
        message: `${cwd} is not in a git repository`,
        fix: 'perfgate keeps baselines in the project’s git repository: run it inside a clone (or `git init`)',
      },
      ...['remote', 'push'].map(skipped('needs a repository')),
    ]
  const head = await git(['rev-parse', '--verify', '-q', 'HEAD'], cwd)
  const current = await git(['branch', '--show-current'], cwd)
  const commit = head.code === 0 ? head.stdout.trim() : null
  results.push(
    commit
      ? {
          name: 'repository',
          status: 'ok',
          message: `${top.stdout.trim()} (${current.stdout.trim() || 'detached HEAD'} at ${commit.slice(0, 7)})`,
        }
      : {
          name: 'repository',
          status: 'warn',
          message: `${top.stdout.trim()} has no commit yet`,
          fix: 'commit once: a baseline is stored for a commit',
        },
  )

  const url = await git(['remote', 'get-url', remote], cwd)
  if (url.code !== 0)
    return [
      ...results,
      {
        name: 'remote',
        status: 'fail',
        message: `no remote "${remote}"`,
        fix: `add it (\`git remote add ${remote} <url>\`), or set baseline.remote in the config to one of \`git remote\``,
      },
      skipped('needs the remote')('push'),
    ]
  const where = `${remote} (${redactUrls(url.stdout.trim())})`
  const listed = await git(['ls-remote', '--heads', remote, `refs/heads/${branch}`], cwd, timeoutMs)
  if (listed.code !== 0)
    return [
      ...results,
      {
        name: 'remote',
        status: 'fail',
        message: `cannot reach ${where}: ${reason(listed, timeoutMs)}`,
        fix: `check the URL and credentials (\`git ls-remote ${remote}\` must work); in CI, check out with a token`,
      },
      skipped('needs the remote')('push'),
    ]
  const exists = listed.stdout.includes(`refs/heads/${branch}`)
  results.push({
    name: 'remote',
    status: 'ok',
    message: `${where} reachable; baselines branch ${branch} ${exists ? 'exists' : 'not created yet (the first --save-baseline creates it)'}`,
  })

  if (!commit) return [...results, skipped('needs a commit')('push')]
  // A fresh name: a dry run of it can only fail for lack of access, never for being behind.
  const probe = `refs/heads/perfgate-doctor-${randomBytes(4).toString('hex')}`
  const push = await git(['push', '--dry-run', '--porcelain', remote, `${commit}:${probe}`], cwd, timeoutMs)
  results.push(
    push.code === 0
      ? { name: 'push', status: 'ok', message: `may push to ${remote} (dry run; nothing was pushed)` }
      : {
          name: 'push',
          status: 'fail',
          message: `cannot push to ${where}: ${reason(push, timeoutMs)}`,
          fix: `--save-baseline pushes to ${branch}: on GitHub Actions give the job \`permissions: contents: write\`; locally check your push credentials`,
        },
  )
  return results
}

const skipped = (why: string) => (name: string) => ({ name, status: 'skip' as const, message: why })
