import type { Summary } from '../model/types.js'
import { type CheckAnnotation, inBatches } from './annotations.js'
import type { GitHubClient } from './client.js'

export interface CheckInput {
  owner: string
  repo: string
  sha: string
  name: string
  summary: Summary
  title: string
  /** Markdown shown on the check's page (at most 65,535 characters). */
  markdown: string
  annotations: CheckAnnotation[]
  detailsUrl?: string | null
}

export interface CheckResult {
  id: number
  url: string
  annotations: number
}

/**
 * A completed check run whose conclusion is the verdict. The first 50 annotations go with the create
 * request, the rest in PATCH requests of 50 each (GitHub appends them).
 */
export async function createCheckRun(client: GitHubClient, input: CheckInput): Promise<CheckResult> {
  const [first = [], ...rest] = inBatches(input.annotations)
  const output = { title: input.title, summary: input.markdown }
  const { data } = await client.rest.checks.create({
    owner: input.owner,
    repo: input.repo,
    name: input.name,
    head_sha: input.sha,
    status: 'completed',
    conclusion: input.summary.verdict === 'fail' ? 'failure' : 'success',
    completed_at: new Date().toISOString(),
    ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
    output: { ...output, annotations: first },
  })
  for (const batch of rest) {
    await client.rest.checks.update({
      owner: input.owner,
      repo: input.repo,
      check_run_id: Number(data.id),
      output: { ...output, annotations: batch },
    })
  }
  return { id: Number(data.id), url: data.html_url ?? data.url, annotations: input.annotations.length }
}

/** The fallback where check runs are not permitted: a commit status with the verdict. */
export async function createCommitStatus(
  client: GitHubClient,
  input: Pick<CheckInput, 'owner' | 'repo' | 'sha' | 'name' | 'summary' | 'title' | 'detailsUrl'>,
): Promise<{ url: string }> {
  const { data } = await client.rest.repos.createCommitStatus({
    owner: input.owner,
    repo: input.repo,
    sha: input.sha,
    state: input.summary.verdict === 'fail' ? 'failure' : 'success',
    context: input.name,
    // GitHub cuts descriptions at 140 characters.
    description: input.title.length > 140 ? `${input.title.slice(0, 139)}…` : input.title,
    ...(input.detailsUrl ? { target_url: input.detailsUrl } : {}),
  })
  return { url: data.url }
}
