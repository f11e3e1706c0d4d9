import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CLI, REPO_ROOT } from '../../helpers/paths.js'
import { runCompositeAction } from './composite.js'
import { FakeGitHub } from './fake-github.js'
import { fakeRunner } from './runner.js'
import { uploadArtifactStandIn } from './upload-artifact.js'

const fake = new FakeGitHub()
const runners: Array<ReturnType<typeof fakeRunner>> = []
const scratch = mkdtempSync(join(tmpdir(), 'perfgate-action-'))
// Guards the shared checkout: the Action's fallback would run `npm ci` in its own folder (the repo).
const guardBin = join(scratch, 'guard-bin')
const npmCalls = join(scratch, 'npm-calls')

beforeAll(async () => {
  await fake.start()
  mkdirSync(guardBin)
  writeFileSync(join(guardBin, 'npm'), `#!/bin/sh\necho "npm $*" >> '${npmCalls}'\nexit 97\n`)
  chmodSync(join(guardBin, 'npm'), 0o755)
})
afterAll(async () => {
  await fake.close()
  for (const r of runners) r.cleanup()
  rmSync(scratch, { recursive: true, force: true })
})
afterEach(() => {
  expect(fake.violations.splice(0)).toEqual([])
  expect(existsSync(npmCalls)).toBe(false)
  fake.forbidden.clear()
})

const CONFIG = `export default {
  budgets: { 'app/size': { max: 100 } },
  plugins: [{
    name: 'app',
    collect: () => ({ metrics: [{ id: 'app/size', title: 'App size', unit: 'bytes', better: 'lower', value: Number(process.env.APP_SIZE) }] }),
  }],
}
`

/** A checked-out project: a git repo with a perfgate config and its own perfgate in node_modules. */
function project(event: 'pull_request' | 'push', extra: { fork?: boolean; prNumber?: number } = {}) {
  const r = fakeRunner(fake.url, event, extra)
  runners.push(r)
  const git = (...args: string[]) => execFileSync('git', args, { cwd: r.workspace, stdio: 'pipe' })
  writeFileSync(join(r.workspace, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(r.workspace, '.gitignore'), 'node_modules\n.perfgate\n')
  mkdirSync(join(r.workspace, 'node_modules'), { recursive: true })
  symlinkSync(REPO_ROOT, join(r.workspace, 'node_modules/perfgate'), 'dir')
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('-c', 'user.name=dev', '-c', 'user.email=dev@example.test', 'commit', '-q', '-m', 'app')
  return { ...r, git }
}

let step = 0
/** One workflow run of the Action; its artifacts land in `artifacts` (a fresh store per run, as on GitHub). */
let artifacts: ReturnType<typeof uploadArtifactStandIn>
function runAction(r: ReturnType<typeof project>, inputs: Record<string, string>, appSize: number) {
  const dir = join(scratch, `run-${++step}`)
  mkdirSync(dir)
  artifacts = uploadArtifactStandIn(join(dir, 'artifacts'))
  return runCompositeAction({
    actionFile: join(REPO_ROOT, 'action.yml'),
    actionPath: REPO_ROOT,
    inputs,
    token: fake.token,
    scratch: dir,
    uses: { 'actions/upload-artifact@v4': artifacts.action },
    env: {
      ...r.env,
      PATH: `${guardBin}:${process.env.PATH}`,
      HOME: process.env.HOME,
      APP_SIZE: String(appSize),
    },
  })
}

/** Every file under a folder, read as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => !file.includes('node_modules') && statSync(file).isFile())
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
}

describe('action.yml run as the runner runs a composite action', { timeout: 30_000 }, () => {
  it('comments once on a pull request, sets every output, fails per fail-on, then updates the comment', async () => {
    const r = project('pull_request', { prNumber: 70 })
    const first = await runAction(r, {}, 150)
    // Budget exceeded and fail-on left at `config` (the config's failOn: regressions and budgets): the
    // job fails at the end, after the report was uploaded and published.
    expect(first.failedStep).toBe('Finish')
    expect(first.code).toBe(1)
    // The project's own perfgate, by its JS entry (node_modules/.bin is a shell wrapper on Windows).
    expect(first.addedEnv.PERFGATE_BIN).toBe(CLI)
    expect(first.stderr).toContain('Commented on #70')
    const comments = fake.commentsOn(70)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toContain('App size')
    const outputs = first.outputs
    expect(outputs).toMatchObject({
      verdict: 'fail',
      regressions: '0',
      'report-path': join(r.workspace, '.perfgate/report.json'),
    })
    expect(outputs['comment-url']).toMatch(new RegExp(`/pull/70#issuecomment-${comments[0]!.id}$`))
    expect(outputs.markdown).toContain('App size')
    expect(existsSync(outputs['report-path']!)).toBe(true)
    expect(r.summary()).toContain('App size')
    // Two artifacts, named after the job; the comment links both.
    const reportArtifact = artifacts.uploaded.get('42/perfgate-perf-report')!
    const historyArtifact = artifacts.uploaded.get('42/perfgate-perf-history')!
    expect(readdirSync(reportArtifact).sort()).toEqual(['report.html', 'report.json', 'report.md'])
    expect(readFileSync(join(historyArtifact, 'index.html'), 'utf8')).toContain('No baseline records yet')
    expect(outputs['report-url']).toBe(
      `https://github.test/octo/app/actions/runs/42/artifacts/${first.steps['report-artifact']!.outputs['artifact-id']}`,
    )
    expect(outputs['history-url']).toMatch(
      /^https:\/\/github\.test\/octo\/app\/actions\/runs\/42\/artifacts\/\d+$/,
    )
    expect(comments[0]!.body).toContain(`[HTML report](${outputs['report-url']})`)
    expect(comments[0]!.body).toContain(`[history](${outputs['history-url']})`)
    // Not a push to the default branch: no baseline saved (saving without a remote would exit 3).
    expect(first.stderr).not.toContain('Baseline saved')
    // The token was only ever printed inside the mask command, and written nowhere.
    const tokenLines = first.stdout.split('\n').filter((l) => l.includes(fake.token))
    expect(tokenLines.length).toBeGreaterThan(0)
    expect(new Set(tokenLines)).toEqual(new Set([`::add-mask::${fake.token}`]))
    expect(first.stderr).not.toContain(fake.token)
    expect(allText(r.root)).not.toContain(fake.token)
    expect(allText(join(scratch, `run-${step}`))).not.toContain(fake.token)

    const second = await runAction(r, { 'fail-on': 'none', artifacts: 'false' }, 180)
    expect(second.code).toBe(0)
    expect(second.failedStep).toBeNull()
    expect(fake.commentsOn(70)).toHaveLength(1)
    expect(fake.commentsOn(70)[0]!.body).toContain('180')
    // No artifacts asked for: none uploaded, none linked.
    expect(artifacts.uploaded.size).toBe(0)
    expect(second.skipped).toEqual([
      // Nothing is timed in rounds: no base to find, keep or build.
      'Restore the built base for A/B',
      'Build the base for A/B',
      'Keep the built base for A/B',
      'Upload the report',
      'Upload the history dashboard',
    ])
    expect(fake.commentsOn(70)[0]!.body).not.toContain('HTML report')
    // With fail-on none nothing fails, so the verdict is pass even with the budget still exceeded.
    expect(second.outputs).toMatchObject({ verdict: 'pass', regressions: '0' })
    expect(second.outputs['comment-url']).toBe(outputs['comment-url'])
    expect(second.outputs.markdown).toBe(second.steps.publish!.outputs.markdown)
  })

  it('on a fork pull request posts nothing, says why, writes the summary and does not fail', async () => {
    const r = project('pull_request', { prNumber: 71, fork: true })
    fake.forbidden.add('comment')
    fake.forbidden.add('check')
    fake.forbidden.add('status')
    const run = await runAction(r, {}, 50)
    expect(run.stderr).toMatch(/No pull-request comment: the pull request comes from a fork/)
    expect(run.code).toBe(0)
    expect(fake.commentsOn(71)).toHaveLength(0)
    expect(r.summary()).toContain('App size')
    expect(run.outputs).toMatchObject({ verdict: 'pass', 'comment-url': '' })
    expect(run.outputs.markdown).toContain('App size')
  })

  it('a broken config fails with exit 2, and nothing is charted, uploaded or posted', async () => {
    const r = project('pull_request', { prNumber: 72 })
    writeFileSync(join(r.workspace, 'perfgate.config.mjs'), 'export default { plugins: [], budgetz: {} }\n')
    const run = await runAction(r, {}, 50)
    expect(run.code).toBe(2)
    expect(run.failedStep).toBe('Finish')
    expect(run.skipped).toEqual([
      'Restore the built base for A/B',
      'Build the base for A/B',
      'Keep the built base for A/B',
      'Chart the history',
      'Upload the report',
      'Upload the history dashboard',
      'Publish to the pull request',
    ])
    expect(run.stderr).toContain('budgetz')
    expect(fake.commentsOn(72)).toHaveLength(0)
    expect(run.outputs['report-path']).toBe('')
  })

  it('on a push to the default branch saves the baseline (save-baseline: auto) and publishes the dashboard (pages-branch)', async () => {
    const r = project('push')
    const origin = join(r.root, 'origin.git')
    execFileSync('git', ['init', '-q', '--bare', origin])
    r.git('remote', 'add', 'origin', origin)
    r.git('push', '-q', 'origin', 'main')
    const run = await runAction(r, { 'pages-branch': 'gh-pages' }, 50)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('Baseline saved')
    const branches = execFileSync('git', ['branch', '--list'], { cwd: origin, encoding: 'utf8' })
    expect(branches).toContain('perfgate-baselines')
    // The dashboard of main, with this run as its newest record, on the pages branch.
    const page = execFileSync('git', ['show', 'gh-pages:perfgate/index.html'], {
      cwd: origin,
      encoding: 'utf8',
    })
    const head = r.git('rev-parse', 'HEAD').toString().trim()
    expect(page).toContain(head.slice(0, 7))
    expect(page).not.toContain('No baseline records yet')
    expect(run.stderr).toContain('Published perfgate/index.html on branch gh-pages of origin')
    // Off github.com there is no Pages address to guess.
    expect(run.outputs['pages-url']).toBe('')
    // The job's checkout is untouched: no gh-pages branch, nothing modified.
    expect(r.git('branch', '--list').toString()).not.toContain('gh-pages')
    expect(r.git('status', '--porcelain').toString()).toBe('')
  })

  it('a pages push the remote refuses fails the job (exit 3) after the baseline is saved and the report published', async () => {
    const r = project('push')
    const origin = join(r.root, 'origin.git')
    execFileSync('git', ['init', '-q', '--bare', origin])
    const hook = join(origin, 'hooks/pre-receive')
    writeFileSync(
      hook,
      '#!/bin/sh\nwhile read old new ref; do [ "$ref" = refs/heads/gh-pages ] && { echo "gh-pages is protected" >&2; exit 1; }; done\nexit 0\n',
    )
    chmodSync(hook, 0o755)
    r.git('remote', 'add', 'origin', origin)
    r.git('push', '-q', 'origin', 'main')
    const run = await runAction(r, { 'pages-branch': 'gh-pages' }, 50)
    expect(run.code).toBe(3)
    expect(run.failedStep).toBe('Finish')
    expect(run.stderr).toContain('Baseline saved')
    expect(run.stderr).toMatch(/push to branch gh-pages of origin .* was refused/)
    expect(run.stdout).toContain('::error::perfgate: publishing the dashboard to gh-pages failed (exit 3)')
    // The report was still uploaded and the summary written.
    expect(artifacts.uploaded.has('42/perfgate-perf-report')).toBe(true)
    expect(r.summary()).toContain('App size')
  })
})
