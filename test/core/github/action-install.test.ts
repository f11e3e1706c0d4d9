import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../helpers/paths.js'
import { runCompositeAction } from './composite.js'
import { FakeGitHub } from './fake-github.js'
import { fakeRunner } from './runner.js'

// The Action used by a project that has not installed perfgate (a JSON or import-free config): its
// own checkout, as GitHub fetches it (committed files, no dist/, no node_modules), is installed and built.
const fake = new FakeGitHub()
const scratch = mkdtempSync(join(tmpdir(), 'perfgate-action-install-'))
const actionPath = join(scratch, 'action')

beforeAll(async () => {
  await fake.start()
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  for (const file of files.split('\n').filter(Boolean)) {
    if (!existsSync(join(REPO_ROOT, file))) continue // deleted, not yet committed
    mkdirSync(dirname(join(actionPath, file)), { recursive: true })
    cpSync(join(REPO_ROOT, file), join(actionPath, file))
  }
}, 60_000)
// Removing a whole install takes seconds, more beside a loaded test suite.
afterAll(async () => {
  await fake.close()
  rmSync(scratch, { recursive: true, force: true })
}, 120_000)

function projectWithoutPerfgate() {
  const r = fakeRunner(fake.url, 'pull_request', { prNumber: 90 })
  writeFileSync(
    join(r.workspace, 'perfgate.config.mjs'),
    `export default { plugins: [{ name: 'app', collect: () => ({ metrics: [{ id: 'app/size', title: 'App size', unit: 'bytes', better: 'lower', value: 10 }] }) }] }\n`,
  )
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: r.workspace })
  return r
}

function runAction(r: ReturnType<typeof projectWithoutPerfgate>, name: string) {
  const dir = join(scratch, name)
  mkdirSync(dir)
  return runCompositeAction({
    actionFile: join(actionPath, 'action.yml'),
    actionPath,
    inputs: { artifacts: 'false', history: 'false' },
    token: fake.token,
    scratch: dir,
    // npm's cache has every package (the project's own install filled it): no registry needed.
    env: { ...r.env, PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: 'true' },
  })
}

describe('action.yml in a project without perfgate installed', () => {
  it('installs and builds its own copy, then runs it', async () => {
    const r = projectWithoutPerfgate()
    const run = await runAction(r, 'fresh')
    expect(run.stderr).not.toContain('::error::')
    expect(run.failedStep).toBeNull()
    expect(run.code).toBe(0)
    expect(run.addedEnv.PERFGATE_BIN).toBe(join(actionPath, 'dist/core/cli/bin.js'))
    expect(run.outputs.markdown).toContain('App size')
    expect(fake.commentsOn(90)).toHaveLength(1)
    r.cleanup()
  }, 600_000)

  it('fails with exit 3 and says how to fix it when that install fails', async () => {
    const broken = join(scratch, 'broken')
    mkdirSync(broken)
    cpSync(join(actionPath, 'action.yml'), join(broken, 'action.yml'))
    cpSync(join(actionPath, 'package.json'), join(broken, 'package.json')) // no lockfile: npm ci refuses
    const r = projectWithoutPerfgate()
    const run = await runCompositeAction({
      actionFile: join(broken, 'action.yml'),
      actionPath: broken,
      inputs: {},
      token: fake.token,
      scratch: mkdtempSync(join(scratch, 'run-')),
      env: { ...r.env, PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: 'true' },
    })
    expect(run.failedStep).toBe('Install perfgate')
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(
      `installing the Action's own copy in ${broken} (npm ci, npm run build) failed`,
    )
    expect(run.stderr).toContain('npm i -D perfgate')
    expect(run.skipped).toContain('Publish to the pull request')
    r.cleanup()
  }, 120_000)
})
