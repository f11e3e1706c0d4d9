import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishReport } from '../../../core/github/index.js'
import { isPerfgateError } from '../../../core/model/errors.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { CLI } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'
import { fakeRunner } from './runner.js'
import { useFakeGitHub } from './use-fake-github.js'

const { fake, runners } = useFakeGitHub()

function runner(prNumber: number) {
  const r = fakeRunner(fake.url, 'pull_request', { prNumber })
  runners.push(r)
  return r
}

const writes = () => fake.requests.filter((q) => q.method !== 'GET')

describe('publish and secrets', { timeout: 60_000 }, () => {
  it('redacts the report before rendering: no request body, summary or output holds the token', async () => {
    const r = runner(61)
    const report = makeReport({
      metrics: [makeMetric('bundle/main', 1, { title: `sent with ${fake.token}` })],
      findings: [
        {
          plugin: 'perfgate:bundle',
          ruleId: 'r',
          severity: 'error',
          message: fake.token,
          file: `${fake.token}.js`,
        },
      ],
    })
    const stdout: string[] = []
    await publishReport(report, {
      cwd: r.workspace,
      configFile: null,
      logger: createMemoryLogger(),
      env: { ...r.env, GITHUB_TOKEN: fake.token },
      stdout: (t) => stdout.push(t),
    })
    expect(fake.commentsOn(61)).toHaveLength(1)
    expect(fake.commentsOn(61)[0]!.body).toContain('sent with \\*\\*\\*')
    for (const q of fake.requests) expect(q.body).not.toContain(fake.token)
    expect(r.summary() + r.output()).not.toContain(fake.token)
    // The mask comes first and is the only line naming the token.
    expect(stdout[0]).toBe(`::add-mask::${fake.token}\n`)
    expect(stdout.slice(1).join('')).not.toContain(fake.token)
  })

  it('refuses a body that would still show the token once rendered, and posts and writes nothing', async () => {
    const r = runner(62)
    const before = writes().length
    // A zero-width space inside the token defeats plain redaction, but GitHub would show the token.
    const hidden = `${fake.token.slice(0, 6)}\u200B${fake.token.slice(6)}`
    const report = makeReport({ metrics: [makeMetric('bundle/main', 1, { title: hidden })] })
    const error = await publishReport(report, {
      cwd: r.workspace,
      configFile: null,
      logger: createMemoryLogger(),
      env: { ...r.env, GITHUB_TOKEN: fake.token },
      stdout: () => {},
    }).catch((e: unknown) => e)
    expect(isPerfgateError(error) && error.code).toBe('GITHUB')
    expect((error as Error).message).toContain('Refusing to publish')
    expect((error as Error).message).toContain('the value of GITHUB_TOKEN')
    expect((error as Error).message).not.toContain(fake.token.slice(6))
    expect(writes().length).toBe(before)
    expect(fake.commentsOn(62)).toHaveLength(0)
    expect(r.summary()).toBe('')
    expect(r.output()).toBe('')
  })

  it('refuses a report file above the size cap with exit 2 and a clear message', async () => {
    const r = runner(63)
    mkdirSync(join(r.workspace, '.perfgate'))
    const report = makeReport({ metrics: [makeMetric('bundle/main', 1, { title: 'x'.repeat(5000) })] })
    writeFileSync(join(r.workspace, '.perfgate/report.json'), JSON.stringify(report))
    const { code, stderr } = await runProcess(process.execPath, [CLI, 'publish'], {
      cwd: r.workspace,
      env: { PATH: process.env.PATH, ...r.env, GITHUB_TOKEN: fake.token, PERFGATE_MAX_REPORT_BYTES: '2000' },
    })
    expect(code).toBe(2)
    expect(stderr).toMatch(/report\.json is 0\.0 MB, over the 0\.0 MB limit/)
    expect(stderr).toContain('PERFGATE_MAX_REPORT_BYTES')
    expect(fake.commentsOn(63)).toHaveLength(0)
  })
})
