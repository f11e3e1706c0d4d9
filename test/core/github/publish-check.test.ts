import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishReport } from '../../../core/github/index.js'
import type { Finding, RunReport } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { makeReport } from '../../helpers/reports.js'
import { fakeRunner, HEAD_SHA, MERGE_SHA } from './runner.js'
import { useFakeGitHub } from './use-fake-github.js'

const { fake, runners } = useFakeGitHub()

function findings(count: number): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    plugin: 'perfgate:config-lint',
    ruleId: 'no-huge-precache',
    severity: i % 3 === 0 ? 'error' : i % 3 === 1 ? 'warning' : 'info',
    message: `Precache entry ${i} is large, 100% of budget: see a,b`,
    file: 'src/sw.config.js',
    line: i + 1,
    column: 3,
  }))
}

function report(verdict: 'pass' | 'fail', list: Finding[] = []): RunReport {
  return makeReport({
    findings: list,
    summary: {
      verdict,
      regressions: verdict === 'fail' ? 2 : 0,
      improvements: 0,
      overBudget: 0,
      errors: 0,
      findings: { error: list.length, warning: 0, info: 0 },
    },
  })
}

async function publish(r: ReturnType<typeof fakeRunner>, rep: RunReport) {
  let stdout = ''
  const logger = createMemoryLogger('debug')
  const result = await publishReport(rep, {
    token: fake.token,
    cwd: r.workspace,
    configFile: join(r.workspace, 'perfgate.config.ts'),
    logger,
    env: r.env,
    comment: 'off',
    stdout: (t) => {
      stdout += t
    },
  })
  return { result, stdout, logs: logger.lines.join('\n') }
}

describe('publishReport: check run, status fallback, annotations', { timeout: 30_000 }, () => {
  it('creates a completed check run on the PR head with 120 annotations in batches of 50', async () => {
    const r = fakeRunner(fake.url)
    runners.push(r)
    const { result, stdout } = await publish(r, report('fail', findings(120)))
    expect(result.posted.check).toBe(true)
    const run = fake.checkRuns.at(-1)!
    expect(run).toMatchObject({
      name: 'perfgate',
      head_sha: HEAD_SHA,
      status: 'completed',
      conclusion: 'failure',
    })
    expect(run.annotationBatches).toEqual([50, 50, 20])
    expect(run.annotations.map((a) => a.start_line)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
    expect(run.annotations[0]).toMatchObject({ path: 'src/sw.config.js', annotation_level: 'failure' })
    expect(run.output.title).toBe('Fail: 2 regressions')
    // The check run carries the annotations, so the runner is not given them a second time.
    expect(stdout).not.toMatch(/^::(error|warning|notice)/m)
    // The token is masked for the runner and appears in no other line.
    expect(stdout.split('\n').filter((l) => l.includes(fake.token))).toEqual([`::add-mask::${fake.token}`])
  })

  it('falls back to a commit status when check runs are forbidden (403), and annotates through the runner', async () => {
    const r = fakeRunner(fake.url, 'push')
    runners.push(r)
    fake.forbidden.add('check')
    try {
      const { result, stdout } = await publish(r, report('pass', findings(2)))
      expect(result.posted).toMatchObject({ check: false, status: true, annotations: 2 })
      expect(result.skipped).toEqual([])
      expect(fake.statuses.at(-1)).toMatchObject({
        sha: MERGE_SHA,
        state: 'success',
        context: 'perfgate',
        target_url: 'https://github.test/octo/app/actions/runs/42',
      })
      // `%`, `:` and `,` are escaped as the runner specifies.
      expect(stdout).toContain(
        '::error title=perfgate%3Aconfig-lint no-huge-precache,file=src/sw.config.js,line=1,col=3::Precache entry 0 is large, 100%25 of budget: see a,b',
      )
      expect(stdout).toContain('::warning title=')
    } finally {
      fake.forbidden.clear()
    }
  })

  it('from a workflow_run job posts on the pull request of the triggering run, checks on its head', async () => {
    const r = fakeRunner(fake.url, 'workflow_run', { prNumber: 31 })
    runners.push(r)
    let stdout = ''
    const result = await publishReport(report('fail'), {
      token: fake.token,
      cwd: r.workspace,
      configFile: null,
      logger: createMemoryLogger(),
      env: r.env,
      stdout: (t) => {
        stdout += t
      },
    })
    expect(result.commentAction).toBe('created')
    expect(fake.commentsOn(31)[0]!.body).toContain('https://github.test/octo/app/actions/runs/41')
    expect(fake.checkRuns.at(-1)!.head_sha).toBe(HEAD_SHA)
    expect(stdout).toContain('::add-mask::')
  })

  it('uses PERFGATE_PR_NUMBER when a fork’s workflow_run lists no pull request', async () => {
    const r = fakeRunner(fake.url, 'workflow_run', { fork: true, prNumber: 32 })
    runners.push(r)
    const without = await publishReport(report('pass'), {
      token: fake.token,
      cwd: r.workspace,
      configFile: null,
      logger: createMemoryLogger(),
      env: r.env,
      check: false,
      stdout: () => {},
    })
    expect(without.reason).toMatch(/pull request number is unknown \(set PERFGATE_PR_NUMBER\)/)
    const result = await publishReport(report('pass'), {
      token: fake.token,
      cwd: r.workspace,
      configFile: null,
      logger: createMemoryLogger(),
      env: { ...r.env, PERFGATE_PR_NUMBER: '32' },
      check: false,
      stdout: () => {},
    })
    expect(result.commentAction).toBe('created')
    expect(fake.commentsOn(32)).toHaveLength(1)
  })

  it('without a token posts nothing, says so, and still writes summary and outputs', async () => {
    const r = fakeRunner(fake.url)
    runners.push(r)
    const before = fake.requests.length
    const logger = createMemoryLogger()
    const result = await publishReport(report('fail'), {
      cwd: r.workspace,
      configFile: null,
      logger,
      env: r.env,
      stdout: () => {},
    })
    expect(fake.requests.length).toBe(before)
    expect(result.reason).toMatch(/no token/)
    expect(logger.lines.filter((l) => l.includes('no token'))).toHaveLength(1)
    expect(result.posted).toMatchObject({ summary: true, outputs: true })
  })
})
