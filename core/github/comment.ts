import type { GitHubClient } from './client.js'

export type CommentMode = 'update' | 'new' | 'off'

export interface IssueRef {
  owner: string
  repo: string
  issueNumber: number
}

export interface PostedComment {
  id: number
  url: string
  action: 'created' | 'updated'
}

/**
 * The earlier comment carrying `marker`, looked for page by page (100 a page) and stopping at the first
 * match. The oldest match wins so that the comment stays where it first appeared in the conversation.
 */
export async function findMarkedComment(
  client: GitHubClient,
  issue: IssueRef,
  marker: string,
): Promise<{ id: number; url: string } | null> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
    per_page: 100,
  })
  for await (const page of pages) {
    const found = page.data.find((comment) => comment.body?.includes(marker))
    if (found) return { id: Number(found.id), url: found.html_url }
  }
  return null
}

/** Creates the comment, or with `update` edits the one found by its marker in place. */
export async function upsertComment(
  client: GitHubClient,
  issue: IssueRef,
  body: string,
  marker: string,
  mode: Exclude<CommentMode, 'off'>,
): Promise<PostedComment> {
  const existing = mode === 'update' ? await findMarkedComment(client, issue, marker) : null
  if (existing) {
    const { data } = await client.rest.issues.updateComment({
      owner: issue.owner,
      repo: issue.repo,
      comment_id: existing.id,
      body,
    })
    return { id: Number(data.id), url: data.html_url, action: 'updated' }
  }
  const { data } = await client.rest.issues.createComment({
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
    body,
  })
  return { id: Number(data.id), url: data.html_url, action: 'created' }
}
