import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'
import { fakeRunner, parseOutputFile } from './runner.js'
import { useFakeGitHub } from './use-fake-github.js'

const { fake, runners } = useFakeGitHub()

function perfgatePublish(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return perfgate(['publish', ...args], cwd, env)
}

function perfgate(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return runProcess(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env } })
}

function setup(options: { fork?: boolean; prNumber: number }) {
  const r = fakeRunner(fake.url, 'pull_request', options)
  runners.push(r)
  mkdirSync(join(r.workspace, '.perfgate'))
  const report = makeReport({
    metrics: [
      makeMetric('bundle/main', 2000, { verdict: 'regressed', baseline: { value: 1000, commit: null } }),
    ],
    findings: [
      {
        plugin: 'perfgate:bundle',
        ruleId: 'big',
        severity: 'warning',
        message: 'big\nfile',
        file: 'a.js',
        line: 2,
      },
    ],
    summary: {
      verdict: 'fail',
      regressions: 1,
      improvements: 0,
      overBudget: 0,
      errors: 0,
      findings: { error: 0, warning: 1, info: 0 },
    },
  })
  writeFileSync(join(r.workspace, '.perfgate/report.json'), JSON.stringify(report))
  writeFileSync(join(r.workspace, 'perfgate.config.json'), '{}')
  return r
}

/** Every file under a folder, read as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
}

describe('perfgate publish (child process)', { timeout: 60_000 }, () => {
  it('posts, exits 0, and the token appears nowhere but the ::add-mask:: command, even with --debug', async () => {
    const r = setup({ prNumber: 50 })
    const env = { ...r.env, GITHUB_TOKEN: fake.token }
    const { code, stdout, stderr } = await perfgatePublish(['--debug'], r.workspace, env)
    expect(stderr).toContain('Commented on #50')
    expect(code).toBe(0)
    expect(fake.commentsOn(50)).toHaveLength(1)
    expect(
      fake.requests
        .filter((q) => q.path.includes('/50/'))
        .every((q) => q.authorization === `token ${fake.token}`),
    ).toBe(true)
    expect(stdout.split('\n').filter((l) => l.includes(fake.token))).toEqual([`::add-mask::${fake.token}`])
    expect(stderr).not.toContain(fake.token)
    expect(allText(r.root)).not.toContain(fake.token)
    expect(parseOutputFile(r.output())).toMatchObject({ verdict: 'fail', regressions: '1' })
    expect(parseOutputFile(r.output())['comment-url']).toMatch(/#issuecomment-\d+$/)
  })

  it('on a fork exits 0 with one line saying why, and writes summary and outputs', async () => {
    const r = setup({ prNumber: 51, fork: true })
    fake.forbidden.add('comment')
    fake.forbidden.add('check')
    fake.forbidden.add('status')
    try {
      const { code, stderr } = await perfgatePublish(['--debug'], r.workspace, {
        ...r.env,
        GITHUB_TOKEN: fake.token,
      })
      expect(code).toBe(0)
      expect(stderr).toMatch(/No pull-request comment: the pull request comes from a fork/)
      expect(stderr).not.toContain(fake.token)
      expect(r.summary()).toContain('Fail')
      expect(parseOutputFile(r.output()).markdown).toContain('bundle/main')
    } finally {
      fake.forbidden.clear()
    }
  })

  it('exits 3 on a real API failure without printing the token, and 2 on a bad report or flag', async () => {
    const r = setup({ prNumber: 52 })
    const env = { ...r.env, GITHUB_TOKEN: fake.token }
    fake.fail('validation-failed', { method: 'POST', pathIncludes: '/issues/52/comments' })
    const failed = await perfgatePublish(['--debug', '--no-check'], r.workspace, env)
    expect(failed.code).toBe(3)
    expect(failed.stderr).toContain('HTTP 422')
    const lines = `${failed.stdout}\n${failed.stderr}`
      .split('\n')
      .filter((l) => l.includes(fake.token.slice(4)))
    expect(lines).toEqual([`::add-mask::${fake.token}`])

    const missing = await perfgatePublish(['--input', 'nope.json'], r.workspace, env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('Cannot read report')
    const badMode = await perfgatePublish(['--comment', 'sometimes'], r.workspace, env)
    expect(badMode.code).toBe(2)
    const badLink = await perfgatePublish([], r.workspace, { ...env, PERFGATE_REPORT_URL: 'file:///etc' })
    expect(badLink.code).toBe(2)
    expect(badLink.stderr).toContain('must be an http(s) URL, not "file:///etc"')
  })

  it('run --publish measures, then comments on the pull request with the same report', async () => {
    const r = setup({ prNumber: 53 })
    writeFileSync(
      join(r.workspace, 'perfgate.config.mjs'),
      `export default { plugins: [{ name: 'perfgate:one', collect: () => ({ metrics: [{ id: 'one/size', title: 'One size', unit: 'bytes', better: 'lower', value: 42 }] }) }] }`,
    )
    const { code, stderr } = await perfgate(
      ['run', '--no-compare', '--publish', '--config', 'perfgate.config.mjs'],
      r.workspace,
      {
        ...r.env,
        GITHUB_TOKEN: fake.token,
      },
    )
    expect(stderr).toContain('Commented on #53')
    expect(code).toBe(0)
    const [comment] = fake.commentsOn(53)
    expect(comment.body).toContain('One size')
    expect(parseOutputFile(r.output())).toMatchObject({ verdict: 'pass', regressions: '0' })
  })

  it('run --publish --json keeps stdout the JSON report; the workflow commands go to stderr', async () => {
    const r = setup({ prNumber: 54 })
    writeFileSync(
      join(r.workspace, 'perfgate.config.mjs'),
      `export default { plugins: [{ name: 'perfgate:one', collect: () => ({ metrics: [{ id: 'one/size', title: 'One size', unit: 'bytes', better: 'lower', value: 42 }] }) }] }`,
    )
    const { code, stdout, stderr } = await perfgate(
      ['run', '--no-compare', '--publish', '--json', '--config', 'perfgate.config.mjs'],
      r.workspace,
      { ...r.env, GITHUB_TOKEN: fake.token },
    )
    expect(code).toBe(0)
    expect(JSON.parse(stdout).metrics[0].id).toBe('one/size')
    expect(stderr).toContain(`::add-mask::${fake.token}`)
    expect(fake.commentsOn(54)).toHaveLength(1)
  })
})
