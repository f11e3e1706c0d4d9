import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishReport } from '../../../core/github/index.js'
import type { RunReport } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'
import { COMMENT_BODY_LIMIT } from './fake-github.js'
import { fakeRunner, parseOutputFile } from './runner.js'
import { useFakeGitHub } from './use-fake-github.js'

const { fake, runners } = useFakeGitHub()

function runner(...args: Parameters<typeof fakeRunner> extends [string, ...infer R] ? R : never) {
  const r = fakeRunner(fake.url, ...args)
  runners.push(r)
  return r
}

function regressedReport(overrides: Partial<RunReport> = {}): RunReport {
  return makeReport({
    plugins: [{ name: 'perfgate:bundle', status: 'ok', durationMs: 10 }],
    metrics: [
      makeMetric('bundle/initial-js/brotli', 120_000, {
        title: 'Initial JS <img src=x onerror=alert(1)> @octocat',
        verdict: 'regressed',
        baseline: { value: 100_000, commit: 'b'.repeat(40) },
        change: { abs: 20_000, rel: 0.2 },
      }),
    ],
    summary: {
      verdict: 'fail',
      regressions: 1,
      improvements: 0,
      overBudget: 0,
      errors: 0,
      findings: { error: 0, warning: 0, info: 0 },
    },
    ...overrides,
  })
}

async function publish(
  r: ReturnType<typeof fakeRunner>,
  report: RunReport,
  more: Partial<Parameters<typeof publishReport>[1]> = {},
) {
  const logger = createMemoryLogger('debug')
  let stdout = ''
  const result = await publishReport(report, {
    token: fake.token,
    cwd: r.workspace,
    configFile: join(r.workspace, 'perfgate.config.ts'),
    logger,
    env: r.env,
    stdout: (t) => {
      stdout += t
    },
    ...more,
  })
  return { result, logs: logger.lines.join('\n'), stdout }
}

describe('publishReport: the pull-request comment', { timeout: 30_000 }, () => {
  it('creates one comment, then updates the same one, in at most 3 requests each', async () => {
    const r = runner('pull_request', { prNumber: 1 })
    const before = fake.requests.length
    const first = await publish(r, regressedReport())
    expect(first.result.commentAction).toBe('created')
    expect(fake.commentsOn(1)).toHaveLength(1)
    expect(fake.requests.length - before).toBeLessThanOrEqual(3)

    const mid = fake.requests.length
    const second = await publish(r, makeReport())
    expect(second.result.commentAction).toBe('updated')
    expect(second.result.commentUrl).toBe(first.result.commentUrl)
    expect(fake.requests.length - mid).toBeLessThanOrEqual(3)
    const comments = fake.commentsOn(1)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toContain('Pass')
    expect(comments[0]!.body).toMatch(/^<!-- perfgate:[0-9a-f]{12} -->/)
    // User text cannot inject HTML or ping anyone.
    expect(first.result.markdown).not.toContain('<img')
    expect(first.result.markdown).not.toMatch(/@octocat/)
    // Every request carried the token and it shows up in no log line.
    expect(first.logs + second.logs).not.toContain(fake.token)
  })

  it('keeps separate comments for two working directories and for two configs', async () => {
    const r = runner('pull_request', { prNumber: 2 })
    await publish(r, regressedReport(), { cwd: join(r.workspace, 'packages/web') })
    await publish(r, regressedReport(), { cwd: join(r.workspace, 'packages/api') })
    await publish(r, regressedReport(), {
      cwd: join(r.workspace, 'packages/api'),
      configFile: join(r.workspace, 'packages/api/perf.mobile.ts'),
    })
    await publish(r, makeReport(), { cwd: join(r.workspace, 'packages/web') })
    const comments = fake.commentsOn(2)
    expect(comments).toHaveLength(3)
    const markers = comments.map((c) => c.body.split('\n')[0])
    expect(new Set(markers).size).toBe(3)
    expect(comments[0]!.body).toContain('packages/web')
    expect(comments[0]!.body).toContain('Pass') // the web one was updated in place
    expect(comments[1]!.body).toContain('Fail')
  })

  it('finds its comment on a later page when the pull request has 150 comments', async () => {
    const r = runner('pull_request', { prNumber: 3 })
    fake.seedComments(3, 120)
    const first = await publish(r, regressedReport())
    fake.seedComments(3, 30)
    expect(fake.commentsOn(3)).toHaveLength(151)
    const before = fake.requests.length
    const second = await publish(r, makeReport(), { check: false })
    expect(second.result.commentAction).toBe('updated')
    expect(second.result.commentUrl).toBe(first.result.commentUrl)
    expect(fake.commentsOn(3)).toHaveLength(151)
    const pages = fake.requests.slice(before).filter((q) => q.operationId === 'issues/list-comments')
    expect(pages.map((q) => new URL(q.path, fake.url).searchParams.get('page') ?? '1')).toEqual(['1', '2'])
    expect(pages.every((q) => q.path.includes('per_page=100'))).toBe(true)
  })

  it('comment "new" adds a comment each time and "off" posts none', async () => {
    const r = runner('pull_request', { prNumber: 4 })
    await publish(r, regressedReport(), { comment: 'new', check: false })
    await publish(r, regressedReport(), { comment: 'new', check: false })
    const off = await publish(r, regressedReport(), { comment: 'off', check: false })
    expect(fake.commentsOn(4)).toHaveLength(2)
    expect(off.result.posted.comment).toBe(false)
    expect(off.result.commentUrl).toBeNull()
  })

  it('retries a 502 and waits out a secondary rate limit (retry-after)', async () => {
    const r = runner('pull_request', { prNumber: 5 })
    fake.fail('bad-gateway', { method: 'GET', pathIncludes: '/issues/5/comments' })
    fake.fail('secondary-rate-limit', { method: 'POST', pathIncludes: '/issues/5/comments' })
    const { result, logs } = await publish(r, regressedReport(), { check: false })
    expect(result.commentAction).toBe('created')
    expect(fake.commentsOn(5)).toHaveLength(1)
    const statuses = fake.requests.filter((q) => q.path.includes('/issues/5/comments')).map((q) => q.status)
    expect(statuses).toEqual([502, 200, 403, 201])
    expect(logs).toMatch(/secondary rate limit; retrying after 1 s/)
  })

  it('cuts a comment that would pass 65,536 characters, saying how many rows were cut', async () => {
    const r = runner('pull_request', { prNumber: 6 })
    const metrics = Array.from({ length: 1500 }, (_, i) =>
      makeMetric(`bundle/chunk-${i}/a-rather-long-chunk-name-for-padding-${'x'.repeat(40)}`, 1000 + i, {
        verdict: i % 2 ? 'regressed' : 'unchanged',
        baseline: { value: 900, commit: 'b'.repeat(40) },
        change: { abs: 100 + i, rel: 0.1 },
      }),
    )
    const report = regressedReport({
      metrics,
      plugins: [{ name: 'perfgate:bundle', status: 'ok', durationMs: 1 }],
    })
    const { result } = await publish(r, report, { check: false })
    expect(result.posted.comment).toBe(true)
    const body = fake.commentsOn(6)[0]!.body
    expect(body.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT)
    expect(body).toMatch(/[\d,]+ rows? left out to stay under GitHub's length limit/)
    expect(parseOutputFile(r.output()).markdown).toBe(body)
  })

  it('on a fork (403) posts nothing, says why in one line, and still writes the summary and outputs', async () => {
    const r = runner('pull_request', { prNumber: 8, fork: true })
    fake.forbidden.add('comment')
    fake.forbidden.add('check')
    fake.forbidden.add('status')
    try {
      const { result, logs } = await publish(r, regressedReport())
      expect(result.posted).toMatchObject({
        comment: false,
        check: false,
        status: false,
        summary: true,
        outputs: true,
      })
      expect(result.reason).toMatch(/fork, whose token is read-only \(HTTP 403\)/)
      expect(logs.split('\n').filter((l) => l.includes('fork'))).toHaveLength(2) // comment, then check
      expect(fake.commentsOn(8)).toHaveLength(0)
      expect(r.summary()).toContain('Fail: 1 regression')
      const outputs = parseOutputFile(r.output())
      expect(outputs).toMatchObject({ verdict: 'fail', regressions: '1', 'comment-url': '' })
      expect(outputs.markdown).toContain('Fail: 1 regression')
    } finally {
      fake.forbidden.clear()
    }
  })

  it('throws a real failure (422) but writes the summary and outputs first; the token is in neither', async () => {
    const r = runner('pull_request', { prNumber: 9 })
    fake.fail('validation-failed', { method: 'POST', pathIncludes: '/issues/9/comments' })
    const error = await publish(r, regressedReport(), { check: false }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'GITHUB' })
    expect(String((error as Error).message)).toMatch(/POST .*\/issues\/9\/comments.*HTTP 422/)
    expect(String((error as Error).message)).not.toContain(fake.token)
    expect(parseOutputFile(r.output()).verdict).toBe('fail')
    expect(r.summary()).toContain('perfgate')
    expect(r.output() + r.summary()).not.toContain(fake.token)
  })
})
