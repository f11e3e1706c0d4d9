import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { GitHubOpenApi, type MatchedOperation } from './openapi.js'

let openApi: GitHubOpenApi | null = null
/** Loaded once per test file (vitest isolates modules per file). */
function api(): GitHubOpenApi {
  openApi ??= new GitHubOpenApi()
  return openApi
}

export interface StoredComment {
  id: number
  issue: number
  body: string
  created: string
  updated: string
}
export interface StoredCheckRun {
  id: number
  name: string
  head_sha: string
  conclusion: string | null
  status: string
  output: { title: string; summary: string; text?: string }
  annotations: Array<Record<string, unknown>>
  annotationBatches: number[]
}
export interface StoredStatus {
  id: number
  sha: string
  state: string
  context: string
  description: string | null
  target_url: string | null
}
export interface LoggedRequest {
  method: string
  path: string
  operationId: string
  status: number
  authorization: string | undefined
  /** The request body as received (tests check that no secret was ever sent). */
  body: string
}

export type Fault = 'bad-gateway' | 'secondary-rate-limit' | 'validation-failed'
type WriteKind = 'comment' | 'check' | 'status'

/** GitHub's limit on issue comment bodies. */
export const COMMENT_BODY_LIMIT = 65_536

/**
 * A stand-in for the GitHub REST API on 127.0.0.1. Every request is matched to an operation of GitHub's
 * OpenAPI description and its body validated; every response body is validated against the documented
 * schema for its status before it is sent. Any mismatch is recorded in `violations` (tests assert none)
 * and answered with 400 (request) or 500 (response) so the client sees it too.
 */
export class FakeGitHub {
  readonly token: string
  readonly comments: StoredComment[] = []
  readonly checkRuns: StoredCheckRun[] = []
  readonly statuses: StoredStatus[] = []
  readonly requests: LoggedRequest[] = []
  readonly violations: string[] = []
  /** Writes answered with 403 "Resource not accessible by integration" (fork PRs, read-only tokens). */
  readonly forbidden = new Set<WriteKind>()
  private readonly faults: Array<{ fault: Fault; method?: string; pathIncludes?: string }> = []
  private nextId = 1000
  private server: Server | null = null
  url = ''

  constructor(token = 'ghs_fakeTokenValue0123456789abcdefABCDEF') {
    this.token = token
  }

  async start(): Promise<this> {
    api()
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.violations.push(`server error: ${String(error)}`)
        res.writeHead(500).end()
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async close(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server!.close(() => resolve()))
    this.server = null
  }

  /** The next matching request gets this fault once. */
  fail(fault: Fault, match: { method?: string; pathIncludes?: string } = {}): void {
    this.faults.push({ fault, ...match })
  }

  /** Existing comments by other people, to push perfgate's comment onto a later page. */
  seedComments(issue: number, count: number, body = (i: number) => `Looks good to me (${i})`): void {
    for (let i = 0; i < count; i++) this.addComment(issue, body(i))
  }

  addComment(issue: number, body: string): StoredComment {
    const now = new Date().toISOString()
    const comment = { id: this.nextId++, issue, body, created: now, updated: now }
    this.comments.push(comment)
    return comment
  }

  commentsOn(issue: number): StoredComment[] {
    return this.comments.filter((c) => c.issue === issue)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    const raw = await readBody(req)
    const op = api().match(method, url.pathname)
    const log: LoggedRequest = {
      method,
      path: url.pathname + url.search,
      operationId: op?.operationId ?? '(none)',
      status: 0,
      authorization: req.headers.authorization,
      body: raw,
    }
    this.requests.push(log)
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      if (op) {
        const problems = api().checkResponse(op, status, body)
        if (problems.length > 0) {
          this.violations.push(`${method} ${url.pathname} → ${status}: ${problems.slice(0, 5).join('; ')}`)
          status = 500
          body = { message: 'fake GitHub sent an undocumented response' }
        }
      }
      log.status = status
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
        ...headers,
      })
      res.end(body === undefined ? '' : JSON.stringify(body))
      return true as const
    }
    if (!op) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`)
      return send(404, { message: 'Not Found' })
    }
    if (
      req.headers.authorization !== `token ${this.token}` &&
      req.headers.authorization !== `bearer ${this.token}`
    )
      return send(401, { message: 'Bad credentials', documentation_url: DOCS })

    let body: unknown
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw)
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`)
        return send(400, { message: 'Problems parsing JSON', documentation_url: DOCS })
      }
    }
    const problems = api().checkRequest(op, body)
    if (problems.length > 0) {
      this.violations.push(`${method} ${url.pathname}: ${problems.join('; ')}`)
      return send(422, validationFailed(problems.join('; ')))
    }

    const faultIndex = this.faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.pathIncludes || url.pathname.includes(f.pathIncludes)),
    )
    if (faultIndex >= 0) {
      const [{ fault }] = this.faults.splice(faultIndex, 1) as [{ fault: Fault }]
      if (fault === 'bad-gateway') return send(502, { message: 'Server Error' })
      if (fault === 'validation-failed') return send(422, validationFailed('Validation Failed'))
      return send(
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: DOCS,
        },
        { 'retry-after': '1' },
      )
    }
    return this.route(op, body as Record<string, unknown> | undefined, url, send)
  }

  private route(
    op: MatchedOperation,
    body: Record<string, unknown> | undefined,
    url: URL,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => true,
  ): true {
    const { owner, repo } = op.params
    const base = `${this.url}/repos/${owner}/${repo}`
    const html = `https://github.test/${owner}/${repo}`
    const forbid = (kind: WriteKind) => {
      if (!this.forbidden.has(kind)) return false
      send(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' })
      return true
    }
    const commentJson = (c: StoredComment) => ({
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${base}/issues/comments/${c.id}`,
      html_url: `${html}/pull/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${base}/issues/${c.issue}`,
      body: c.body,
      user: user(this.url),
      created_at: c.created,
      updated_at: c.updated,
      author_association: 'NONE',
    })

    switch (op.operationId) {
      case 'issues/list-comments': {
        const issue = Number(op.params.issue_number)
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1))
        const all = this.commentsOn(issue)
        const last = Math.max(1, Math.ceil(all.length / perPage))
        const link = (p: number, rel: string) =>
          `<${base}/issues/${issue}/comments?per_page=${perPage}&page=${p}>; rel="${rel}"`
        const links: string[] = []
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'))
        const items = all.slice((page - 1) * perPage, page * perPage).map(commentJson)
        return send(200, items, links.length ? { link: links.join(', ') } : {})
      }
      case 'issues/create-comment': {
        if (forbid('comment')) return true
        const text = String(body!.body)
        if (text.length > COMMENT_BODY_LIMIT)
          return send(422, validationFailed('Body is too long (maximum is 65536 characters)'))
        const comment = this.addComment(Number(op.params.issue_number), text)
        return send(201, commentJson(comment), { location: `${base}/issues/comments/${comment.id}` })
      }
      case 'issues/update-comment': {
        const comment = this.comments.find((c) => c.id === Number(op.params.comment_id))
        if (!comment) return send(404, { message: 'Not Found', documentation_url: DOCS })
        if (forbid('comment')) return true
        const text = String(body!.body)
        if (text.length > COMMENT_BODY_LIMIT)
          return send(422, validationFailed('Body is too long (maximum is 65536 characters)'))
        comment.body = text
        comment.updated = new Date().toISOString()
        return send(200, commentJson(comment))
      }
      case 'checks/create': {
        if (forbid('check')) return true
        const output = (body!.output ?? {}) as { title: string; summary: string; annotations?: unknown[] }
        const run: StoredCheckRun = {
          id: this.nextId++,
          name: String(body!.name),
          head_sha: String(body!.head_sha),
          status: String(body!.status ?? 'queued'),
          conclusion: (body!.conclusion as string) ?? null,
          output: { title: output.title, summary: output.summary },
          annotations: [...((output.annotations as Array<Record<string, unknown>>) ?? [])],
          annotationBatches: output.annotations ? [output.annotations.length] : [],
        }
        this.checkRuns.push(run)
        return send(201, checkRunJson(run, base, html))
      }
      case 'checks/update': {
        const run = this.checkRuns.find((r) => r.id === Number(op.params.check_run_id))
        if (!run) return send(404, { message: 'Not Found', documentation_url: DOCS })
        if (forbid('check')) return true
        const output = body!.output as { annotations?: Array<Record<string, unknown>> } | undefined
        if (output?.annotations) {
          run.annotations.push(...output.annotations) // GitHub appends annotations on update
          run.annotationBatches.push(output.annotations.length)
        }
        return send(200, checkRunJson(run, base, html))
      }
      case 'repos/create-commit-status': {
        if (forbid('status')) return true
        const status: StoredStatus = {
          id: this.nextId++,
          sha: op.params.sha!,
          state: String(body!.state),
          context: String(body!.context ?? 'default'),
          description: (body!.description as string) ?? null,
          target_url: (body!.target_url as string) ?? null,
        }
        this.statuses.push(status)
        const now = new Date().toISOString()
        return send(201, {
          url: `${base}/statuses/${status.sha}`,
          avatar_url: null,
          id: status.id,
          node_id: `SC_${status.id}`,
          state: status.state,
          description: status.description,
          target_url: status.target_url,
          context: status.context,
          created_at: now,
          updated_at: now,
          creator: user(this.url),
        })
      }
      default:
        this.violations.push(`${op.operationId}: not implemented by the fake`)
        return send(404, { message: 'Not Found', documentation_url: DOCS })
    }
  }
}

const DOCS = 'https://docs.github.com/rest'

function validationFailed(message: string) {
  return {
    message: 'Validation Failed',
    documentation_url: DOCS,
    errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message }],
  }
}

function checkRunJson(run: StoredCheckRun, base: string, html: string) {
  const now = new Date().toISOString()
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.head_sha,
    external_id: null,
    url: `${base}/check-runs/${run.id}`,
    html_url: `${html}/runs/${run.id}`,
    details_url: null,
    status: run.status,
    conclusion: run.conclusion,
    started_at: now,
    completed_at: run.status === 'completed' ? now : null,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: null,
      annotations_count: run.annotations.length,
      annotations_url: `${base}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: 1 },
    app: null,
    pull_requests: [],
  }
}

function user(apiUrl: string) {
  const u = `${apiUrl}/users/github-actions%5Bbot%5D`
  return {
    login: 'github-actions[bot]',
    id: 41898282,
    node_id: 'MDM6Qm90NDE4OTgyODI=',
    avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
    gravatar_id: '',
    url: u,
    html_url: 'https://github.test/apps/github-actions',
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: 'Bot',
    site_admin: false,
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
