import { PerfgateError } from '../model/errors.js'
import { networkTimeoutMs } from '../model/network-timeout.js'
import type { Logger, RunReport } from '../model/types.js'
import { summaryParts } from '../report/format.js'
import { renderMarkdown } from '../report/markdown.js'
import { activeRedactor, collectSecrets, pendingMasks, type Redactor } from '../security/redact.js'
import { redactReport } from '../security/report.js'
import { findingsToAnnotations, repoPath } from './annotations.js'
import { createCheckRun, createCommitStatus } from './check.js'
import type { GitHubClient } from './client.js'
import { type CommentMode, upsertComment } from './comment.js'
import { detectGitHubContext, type GitHubContext } from './context.js'
import { checkName, commentKey } from './marker.js'
import { redactingLogger } from './redact.js'
import { appendStepSummary, writeOutputs } from './runner-files.js'
import { findingAnnotation } from './workflow-commands.js'

export interface PublishOptions {
  /** Default: `GITHUB_TOKEN` from the environment. */
  token?: string
  comment?: CommentMode
  /** Create a check run (or a commit status where check runs are not permitted). Default true. */
  check?: boolean
  /** The working directory of the run: with `configFile` it keys the comment. */
  cwd: string
  configFile: string | null
  logger: Logger
  env?: NodeJS.ProcessEnv
  /** Given as the `report-path` output. */
  reportPath?: string
  /** Where workflow commands go. Default: process.stdout. */
  stdout?: (text: string) => void
  /** Links shown beside the run's in the comment: the uploaded HTML report, the history dashboard. */
  links?: Array<{ label: string; url: string }>
}

export interface PublishResult {
  commentUrl: string | null
  commentAction: 'created' | 'updated' | null
  checkRunUrl?: string
  statusUrl?: string
  posted: {
    comment: boolean
    check: boolean
    status: boolean
    summary: boolean
    outputs: boolean
    /** Workflow-command annotations printed (used when the check run does not carry them). */
    annotations: number
  }
  /** Why something was not posted, one line each; empty when everything was. */
  skipped: string[]
  /** The first of `skipped`, for a one-line message. */
  reason?: string
  /** The comment body (also the step summary and the `markdown` output). */
  markdown: string
}

/** GitHub rejects comments over 65,536 characters; leave room for the marker lines. */
export const COMMENT_MAX_LENGTH = 65_000

/**
 * Publishes a report to GitHub: one sticky comment per pull request and config, a check run (or commit
 * status), the job summary, step outputs and annotations. A 403/404 on writing (fork pull requests,
 * read-only tokens) is not a failure: it is reported in `skipped`, and the summary and outputs are still
 * written. Other API failures throw once the summary and outputs are written.
 *
 * No known secret (the token, secret-looking variables, the config's `redact` list) appears in anything
 * this prints, writes or posts: the report is redacted before it is rendered, and a body that still holds
 * a secret once rendered (GitHub removes Markdown escapes when it displays it) is refused, not posted.
 */
export async function publishReport(input: RunReport, options: PublishOptions): Promise<PublishResult> {
  const env = options.env ?? process.env
  const token = options.token || env.GITHUB_TOKEN || undefined
  const redactor = secretsFor(token, env)
  const redact = (text: string) => redactor.redact(text)
  const logger = redactingLogger(options.logger, redact)
  const stdout = options.stdout ?? ((text: string) => process.stdout.write(text))
  const emit = (line: string) => stdout(`${redact(line)}\n`)

  // First, before any other output: the masks name the secrets; the runner removes the commands from the log.
  for (const mask of pendingMasks(redactor, env)) stdout(`${mask}\n`)
  const report = redactReport(input, redactor)
  const context = await detectGitHubContext(env)

  const workspace = env.GITHUB_WORKSPACE || options.cwd
  const key = commentKey(options.cwd, options.configFile, workspace)
  const markdown = renderMarkdown(report, {
    maxLength: COMMENT_MAX_LENGTH,
    runUrl: context?.runUrl ?? undefined,
    links: options.links,
    marker: key.header,
  })
  refuseSecrets(markdown, redactor)
  const result: PublishResult = {
    commentUrl: null,
    commentAction: null,
    posted: { comment: false, check: false, status: false, summary: false, outputs: false, annotations: 0 },
    skipped: [],
    markdown,
  }
  const skip = (reason: string) => {
    result.skipped.push(redact(reason))
    logger.warn(redact(reason))
  }

  let failure: unknown = null
  let checkAnnotated = false
  if (!context) {
    skip('Nothing posted to GitHub: not running on GitHub Actions (GITHUB_REPOSITORY is not set).')
  } else if (!token) {
    skip('Nothing posted to GitHub: no token (set GITHUB_TOKEN or the github-token input).')
  } else {
    try {
      const { createGitHubClient } = await import('./client.js')
      const client = await createGitHubClient({
        token,
        baseUrl: context.apiUrl,
        logger,
        timeoutMs: networkTimeoutMs(env),
      })
      await postComment(client, context, { ...options, markdown, marker: key.marker }, result, skip)
      if (options.check !== false) {
        const annotations = findingsToAnnotations(report.findings, options.cwd, workspace)
        checkAnnotated = await postCheck(client, context, report, markdown, annotations, key, result, skip)
      }
    } catch (error) {
      failure = error
    }
  }

  // Annotations through the runner when no check run carries them (both would show each one twice).
  if (context?.inActions && !checkAnnotated) {
    for (const finding of report.findings) {
      emit(findingAnnotation(finding, repoPath(finding.file, options.cwd, workspace)))
      result.posted.annotations++
    }
  }
  if (env.GITHUB_STEP_SUMMARY) {
    await appendStepSummary(env.GITHUB_STEP_SUMMARY, redact(markdown))
    result.posted.summary = true
  }
  if (env.GITHUB_OUTPUT) {
    await writeOutputs(env.GITHUB_OUTPUT, {
      verdict: report.summary.verdict,
      regressions: String(report.summary.regressions),
      'report-path': options.reportPath ?? '',
      'comment-url': result.commentUrl ?? '',
      markdown: redact(markdown),
    })
    result.posted.outputs = true
  }
  result.reason = result.skipped[0]
  if (failure) throw apiFailure(failure, redact)
  return result
}

/** The process-wide redactor, plus this call's token and its environment's secrets. */
function secretsFor(token: string | undefined, env: NodeJS.ProcessEnv): Redactor {
  const more = env === process.env ? [] : collectSecrets({ env })
  if (token) more.push({ source: 'the GitHub token', value: token })
  return activeRedactor().with(more)
}

/** The last guard: a body that would show a known secret once GitHub renders it is never posted. */
function refuseSecrets(markdown: string, redactor: Redactor): void {
  const secret = redactor.find(markdown)
  if (!secret) return
  throw new PerfgateError(
    'GITHUB',
    `Refusing to publish: the rendered report still shows a known secret (the value of ${secret.source}).`,
    {
      hint: 'Nothing was posted or written. A plugin output the secret in a form redaction did not catch; fix that plugin, or add the leaked form to `redact` in the config.',
    },
  )
}

async function postComment(
  client: GitHubClient,
  context: GitHubContext,
  options: PublishOptions & { markdown: string; marker: string },
  result: PublishResult,
  skip: (reason: string) => void,
): Promise<void> {
  const mode = options.comment ?? 'update'
  if (mode === 'off') return
  if (context.pullNumber === null) {
    if (context.eventName === 'pull_request' || context.eventName === 'workflow_run')
      skip('No pull-request comment: the pull request number is unknown (set PERFGATE_PR_NUMBER).')
    else
      options.logger.debug(
        `No pull-request comment: event ${context.eventName ?? 'unknown'} is not a pull request.`,
      )
    return
  }
  const issue = { owner: context.owner, repo: context.repo, issueNumber: context.pullNumber }
  try {
    const posted = await upsertComment(client, issue, options.markdown, options.marker, mode)
    result.commentUrl = posted.url
    result.commentAction = posted.action
    result.posted.comment = true
    options.logger.info(
      `${posted.action === 'created' ? 'Commented' : 'Updated the comment'} on #${issue.issueNumber}: ${posted.url}`,
    )
  } catch (error) {
    if (!isNoPermission(error)) throw error
    skip(`No pull-request comment: ${whyForbidden(error, context, 'pull-requests: write')}`)
  }
}

async function postCheck(
  client: GitHubClient,
  context: GitHubContext,
  report: RunReport,
  markdown: string,
  annotations: ReturnType<typeof findingsToAnnotations>,
  key: ReturnType<typeof commentKey>,
  result: PublishResult,
  skip: (reason: string) => void,
): Promise<boolean> {
  if (!context.sha) {
    skip('No check run: the commit is unknown (GITHUB_SHA is not set).')
    return false
  }
  const parts = summaryParts(report.summary)
  const title = `${report.summary.verdict === 'fail' ? 'Fail' : 'Pass'}${parts.length ? `: ${parts.join(', ')}` : ''}`
  const input = {
    owner: context.owner,
    repo: context.repo,
    sha: context.sha,
    name: checkName(key),
    summary: report.summary,
    title,
    markdown,
    annotations,
    detailsUrl: context.runUrl,
  }
  try {
    const check = await createCheckRun(client, input)
    result.checkRunUrl = check.url
    result.posted.check = true
    return annotations.length > 0
  } catch (error) {
    if (!isNoPermission(error)) throw error
  }
  // Tokens without checks:write (and personal access tokens) cannot create check runs.
  try {
    const status = await createCommitStatus(client, input)
    result.statusUrl = status.url
    result.posted.status = true
  } catch (error) {
    if (!isNoPermission(error)) throw error
    skip(`No check run or commit status: ${whyForbidden(error, context, 'checks: write or statuses: write')}`)
  }
  return false
}

interface RequestErrorLike {
  status: number
  message: string
  request?: { method?: string; url?: string }
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number'
}

/** 403/404 on a write: the token may not write here. A rate limit is not that: it is a real failure. */
function isNoPermission(error: unknown): boolean {
  if (!isRequestError(error)) return false
  if (error.status === 404) return true
  return error.status === 403 && !/rate limit/i.test(error.message)
}

function whyForbidden(error: unknown, context: GitHubContext, permission: string): string {
  const status = isRequestError(error) ? `HTTP ${error.status}` : 'forbidden'
  if (context.isFork)
    return `the pull request comes from a fork, whose token is read-only (${status}); post from a workflow_run job instead (docs/github.md).`
  return `the token may not write here (${status}); give the job \`permissions: ${permission}\`.`
}

function apiFailure(error: unknown, redact: (text: string) => string): PerfgateError {
  if (error instanceof PerfgateError) return error
  const where =
    isRequestError(error) && error.request ? ` (${error.request.method} ${error.request.url})` : ''
  const status = isRequestError(error) ? ` HTTP ${error.status}:` : ''
  const message = error instanceof Error ? error.message : String(error)
  return new PerfgateError('GITHUB', redact(`Publishing to GitHub failed${where}:${status} ${message}`), {
    hint: 'The job summary and outputs were written. Check GITHUB_API_URL and the token, then run again.',
  })
}
