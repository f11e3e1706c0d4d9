import { readFile } from 'node:fs/promises'
import { errorMessage, PerfgateError } from '../model/errors.js'

/** What publishing needs to know about the workflow run, read from `GITHUB_*` and the event payload. */
export interface GitHubContext {
  owner: string
  repo: string
  /** REST API root: `GITHUB_API_URL` (GitHub Enterprise Server sets it), else api.github.com. */
  apiUrl: string
  serverUrl: string
  eventName: string | null
  /** The pull request to comment on; null on pushes and when it cannot be known. */
  pullNumber: number | null
  /** The commit checks and statuses are attached to: the PR head, not the merge commit Actions checks out. */
  sha: string | null
  /** Link to the run that measured (for `workflow_run`, the triggering run). */
  runUrl: string | null
  /** The branch a pull request merges into. */
  baseRef: string | null
  defaultBranch: string | null
  /** A push to the default branch: the Action saves the baseline then. */
  isDefaultBranchPush: boolean
  /** The pull request comes from another repository: its token cannot write (GitHub's rule for forks). */
  isFork: boolean
  /** Running inside GitHub Actions (`GITHUB_ACTIONS=true`). */
  inActions: boolean
}

interface EventPayload {
  pull_request?: {
    number?: number
    head?: { sha?: string; repo?: { full_name?: string } | null }
    base?: { ref?: string; repo?: { full_name?: string } }
  }
  workflow_run?: {
    head_sha?: string
    html_url?: string
    pull_requests?: Array<{ number?: number; base?: { ref?: string } }>
    head_repository?: { full_name?: string } | null
  }
  repository?: { default_branch?: string; full_name?: string }
  ref?: string
  after?: string
}

/** Reads the context; `null` when `GITHUB_REPOSITORY` is unset (not running on GitHub Actions). */
export async function detectGitHubContext(env: NodeJS.ProcessEnv): Promise<GitHubContext | null> {
  const repository = env.GITHUB_REPOSITORY
  if (!repository) return null
  const [owner, repo] = repository.split('/')
  if (!owner || !repo)
    throw new PerfgateError('USAGE', `GITHUB_REPOSITORY is "${repository}", expected "owner/name".`)
  const event = await readEvent(env.GITHUB_EVENT_PATH)
  const eventName = env.GITHUB_EVENT_NAME ?? null
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  const pr = event.pull_request
  const run = event.workflow_run
  const defaultBranch = event.repository?.default_branch ?? null

  const pullNumber =
    positiveInt(env.PERFGATE_PR_NUMBER) ??
    positiveInt(pr?.number) ??
    positiveInt(run?.pull_requests?.[0]?.number)
  const sha = env.PERFGATE_SHA || pr?.head?.sha || run?.head_sha || env.GITHUB_SHA || null
  const ownRun = env.GITHUB_RUN_ID
    ? `${serverUrl}/${owner}/${repo}/actions/runs/${encodeURIComponent(env.GITHUB_RUN_ID)}`
    : null
  const headRepo = pr?.head?.repo?.full_name ?? run?.head_repository?.full_name
  const refName = env.GITHUB_REF_NAME ?? env.GITHUB_REF?.replace(/^refs\/heads\//, '') ?? null

  return {
    owner,
    repo,
    apiUrl,
    serverUrl,
    eventName,
    pullNumber,
    sha,
    runUrl: eventName === 'workflow_run' && run?.html_url ? run.html_url : ownRun,
    baseRef: env.GITHUB_BASE_REF || pr?.base?.ref || run?.pull_requests?.[0]?.base?.ref || null,
    defaultBranch,
    isDefaultBranchPush: eventName === 'push' && defaultBranch !== null && refName === defaultBranch,
    isFork: Boolean(headRepo && headRepo.toLowerCase() !== repository.toLowerCase()),
    inActions: env.GITHUB_ACTIONS === 'true',
  }
}

async function readEvent(path: string | undefined): Promise<EventPayload> {
  if (!path) return {}
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return {} // the runner always writes it; a missing file only means fewer facts
  }
  try {
    const data: unknown = JSON.parse(text)
    return data && typeof data === 'object' ? (data as EventPayload) : {}
  } catch (error) {
    throw new PerfgateError(
      'INPUT_INVALID',
      `GITHUB_EVENT_PATH (${path}) is not valid JSON: ${errorMessage(error)}`,
    )
  }
}

function positiveInt(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null
}
