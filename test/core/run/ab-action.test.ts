import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../helpers/paths.js'
import { runCompositeAction } from '../github/composite.js'
import { FakeGitHub } from '../github/fake-github.js'
import { fakeRunner } from '../github/runner.js'

// A sampled plugin whose timing is `speed.txt` (± 2 %) and which only works once `built.txt` exists:
// the base side passes only if the Action built the base checkout, in the same relative folder.
const CONFIG = `import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
export default {
  plugins: [{
    name: 'app',
    sampled: true,
    collect(ctx) {
      if (!existsSync(join(ctx.cwd, 'built.txt'))) throw new Error('not built: ' + ctx.cwd)
      const speed = Number(readFileSync(join(ctx.cwd, 'speed.txt'), 'utf8'))
      const samples = Array.from({ length: ctx.samples ?? 5 }, () => speed * (1 + 0.02 * Math.random()))
      return { metrics: [{ id: 'app/time', title: 'App time', unit: 'ms', better: 'lower', samples }] }
    },
  }],
}
`

const fake = new FakeGitHub()
const scratch = mkdtempSync(join(tmpdir(), 'perfgate-ab-action-'))
// The Action's fallback runs `npm ci` in its own folder (this checkout): a guard npm fails it instead.
const guardBin = join(scratch, 'guard-bin')
const npmCalls = join(scratch, 'npm-calls')
const PATH = `${guardBin}:${process.env.PATH}`
beforeAll(async () => {
  await fake.start()
  mkdirSync(guardBin)
  writeFileSync(join(guardBin, 'npm'), `#!/bin/sh\necho "npm $*" >> '${npmCalls}'\nexit 97\n`)
  chmodSync(join(guardBin, 'npm'), 0o755)
})
afterEach(() => {
  expect(existsSync(npmCalls)).toBe(false)
})
afterAll(async () => {
  await fake.close()
  rmSync(scratch, { recursive: true, force: true })
})

/** A repository with a bare origin: main has the app at speed 100, the feature branch at `headSpeed`. */
function makeRepo(r: ReturnType<typeof fakeRunner>, config: string, headSpeed = 150) {
  const app = join(r.workspace, 'packages/app')
  mkdirSync(app, { recursive: true })
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=dev', '-c', 'user.email=dev@example.test', ...args], {
      cwd: r.workspace,
      stdio: 'pipe',
      encoding: 'utf8',
    })
  writeFileSync(join(app, 'perfgate.config.mjs'), config)
  writeFileSync(join(app, 'speed.txt'), '100\n')
  writeFileSync(join(r.workspace, '.gitignore'), 'node_modules\n.perfgate\nbuilt.txt\n')
  mkdirSync(join(app, 'node_modules'), { recursive: true })
  symlinkSync(REPO_ROOT, join(app, 'node_modules/perfgate'), 'dir')
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('commit', '-q', '-m', 'app')
  const origin = join(r.root, 'origin.git')
  execFileSync('git', ['init', '-q', '--bare', origin])
  git('remote', 'add', 'origin', origin)
  git('push', '-q', 'origin', 'main')
  const mergeBase = git('rev-parse', 'HEAD').trim()
  git('checkout', '-q', '-b', 'feature')
  writeFileSync(join(app, 'speed.txt'), `${headSpeed}\n`)
  git('commit', '-q', '-am', 'slower')
  writeFileSync(join(app, 'built.txt'), 'head\n')
  const temp = join(r.root, 'runner-temp')
  mkdirSync(temp, { recursive: true })
  return { app, git, mergeBase, temp }
}

/**
 * actions/cache/restore and /save as the Action calls them: what it asked to restore and to keep. The
 * folder itself stays in RUNNER_TEMP between runs, as a restore would bring it back; restore says
 * `cache-hit` when a save of that key came before.
 */
const cacheCalls: Array<Record<string, string>> = []
const savedKeys = new Set<string>()
const restoreStandIn = async (inputs: Record<string, string>) => {
  cacheCalls.push({ ...inputs, action: 'restore' })
  const outputs: Record<string, string> = savedKeys.has(inputs.key) ? { 'cache-hit': 'true' } : {}
  return { code: 0, outputs }
}
const saveStandIn = async (inputs: Record<string, string>) => {
  cacheCalls.push({ ...inputs, action: 'save' })
  savedKeys.add(inputs.key)
  return { code: 0 }
}

function runAction(r: ReturnType<typeof fakeRunner>, temp: string, inputs: Record<string, string>) {
  return runCompositeAction({
    uses: { 'actions/cache/restore@v4': restoreStandIn, 'actions/cache/save@v4': saveStandIn },
    actionFile: join(REPO_ROOT, 'action.yml'),
    actionPath: REPO_ROOT,
    // Artifacts and history are action.test.ts's concern.
    inputs: { 'working-directory': 'packages/app', artifacts: 'false', history: 'false', ...inputs },
    token: fake.token,
    scratch,
    env: {
      ...r.env,
      GITHUB_BASE_REF: r.env.GITHUB_EVENT_NAME === 'pull_request' ? 'main' : '',
      RUNNER_TEMP: temp,
      PATH,
      HOME: process.env.HOME,
    },
  })
}

describe('action.yml mode: ab', () => {
  it('checks out the merge-base into a second folder, runs the build there, and times both sides with --ab-dir', async () => {
    const r = fakeRunner(fake.url, 'pull_request', { prNumber: 81 })
    try {
      const { app, git, mergeBase, temp } = makeRepo(r, CONFIG)
      const status = git('status', '--porcelain')
      const result = await runAction(r, temp, { mode: 'ab', build: 'echo base > built.txt' })
      expect(result.stdout).toContain(
        `A/B against the merge-base ${mergeBase.slice(0, 7)} of HEAD and origin/main`,
      )
      expect(result.failedStep).toBe('Finish')
      expect(result.code).toBe(1)
      const report = JSON.parse(readFileSync(join(app, '.perfgate/report.json'), 'utf8'))
      const metric = report.metrics.find((m: { id: string }) => m.id === 'app/time')
      expect(metric.verdict).toBe('regressed')
      expect(metric.baseline.source).toBe('same-job')
      expect(Math.min(...metric.baseline.samples)).toBeLessThan(110)
      // The base folder was built in its own packages/app; the job's checkout is as it was.
      expect(readFileSync(join(temp, 'perfgate-ab-base/packages/app/built.txt'), 'utf8')).toBe('base\n')
      expect(existsSync(join(temp, 'perfgate-ab-base/.git'))).toBe(false)
      expect(git('status', '--porcelain')).toBe(status)
      expect(git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('feature')
      expect(fake.commentsOn(81)[0]?.body).toContain('App time')
    } finally {
      r.cleanup()
    }
  }, 120_000)

  it('keeps the built base for the next push of the pull request: same merge-base, lockfiles and build, no rebuild', async () => {
    const r = fakeRunner(fake.url, 'pull_request', { prNumber: 85 })
    try {
      const { mergeBase, temp } = makeRepo(r, CONFIG)
      const builds = join(temp, 'builds')
      const build = `echo base > built.txt; echo built >> '${builds}'`
      cacheCalls.length = 0
      const first = await runAction(r, temp, { mode: 'ab', build })
      expect(first.code).toBe(1)
      const key = expect.stringMatching(new RegExp(`^perfgate-ab-v1-\\w+-${mergeBase}-[0-9a-f]{16}$`))
      const path = join(temp, 'perfgate-ab-base')
      // Saved right after the build, although the gate then fails the job (exit 1).
      expect(cacheCalls).toEqual([
        { action: 'restore', path, key },
        { action: 'save', path, key },
      ])
      const second = await runAction(r, temp, { mode: 'ab', build })
      expect(second.code).toBe(1)
      expect(second.stdout).toContain(`the base ${mergeBase.slice(0, 7)} was built by an earlier run`)
      expect(readFileSync(builds, 'utf8')).toBe('built\n')
      // A hit: restored, not saved again.
      expect(cacheCalls.slice(2)).toEqual([{ action: 'restore', path, key: cacheCalls[0].key }])
      // Another build command is another base: built again, under another key.
      const third = await runAction(r, temp, { mode: 'ab', build: `${build}; true` })
      expect(third.code).toBe(1)
      expect(readFileSync(builds, 'utf8')).toBe('built\nbuilt\n')
      expect(cacheCalls[3].key).not.toBe(cacheCalls[0].key)
      expect(cacheCalls.map((c) => c.action)).toEqual(['restore', 'save', 'restore', 'restore', 'save'])
      // ab-cache: false asks actions/cache for nothing.
      await runAction(r, temp, { mode: 'ab', build, 'ab-cache': 'false' })
      expect(cacheCalls).toHaveLength(5)
    } finally {
      r.cleanup()
    }
  }, 180_000)

  it('says so and stops when the base does not build', async () => {
    const r = fakeRunner(fake.url, 'pull_request', { prNumber: 83 })
    try {
      const { temp } = makeRepo(r, CONFIG)
      const result = await runAction(r, temp, { mode: 'ab', build: 'echo compiling; exit 4' })
      expect(result.failedStep).toBe('Build the base for A/B')
      expect(result.code).toBe(3)
      expect(result.stderr).toMatch(
        /building the base [0-9a-f]{7} failed \(echo compiling; exit 4, in .*packages\/app\)/,
      )
      expect(result.stderr).toContain('Fix ab.build in the config (or the build input)')
    } finally {
      r.cleanup()
    }
  }, 60_000)
})

describe('action.yml mode: auto (the default)', () => {
  // The same app, with its base build in the config: what `perfgate init` writes.
  const WITH_BUILD = CONFIG.replace(
    'export default {',
    "export default {\n  ab: { build: 'echo base > built.txt' },",
  )
  // Exact figures only: nothing to time, so no base checkout and no build.
  const EXACT = `export default {
  ab: { build: 'echo base > built.txt' },
  plugins: [{ name: 'files', collect: () => ({ metrics: [{ id: 'files/size', title: 'Size', unit: 'bytes', better: 'lower', value: 1000 }] }) }],
}
`

  it('times a pull request A/B when a plugin measures in rounds, building the base with the config’s ab.build', async () => {
    const r = fakeRunner(fake.url, 'pull_request', { prNumber: 84 })
    try {
      const { app, temp } = makeRepo(r, WITH_BUILD)
      const result = await runAction(r, temp, {}) // no mode, no build: the defaults
      expect(result.stdout).toContain('app measure timings: A/B against the base in this job (mode auto)')
      expect(result.stdout).toContain(': echo base > built.txt')
      expect(result.code).toBe(1)
      const report = JSON.parse(readFileSync(join(app, '.perfgate/report.json'), 'utf8'))
      const metric = report.metrics.find((m: { id: string }) => m.id === 'app/time')
      expect(metric.verdict).toBe('regressed')
      expect(metric.baseline.source).toBe('same-job')
      expect(readFileSync(join(temp, 'perfgate-ab-base/packages/app/built.txt'), 'utf8')).toBe('base\n')
    } finally {
      r.cleanup()
    }
  }, 120_000)

  it('compares with the stored baseline when nothing is timed, and on pushes', async () => {
    const exact = fakeRunner(fake.url, 'pull_request', { prNumber: 85 })
    try {
      const { app, temp } = makeRepo(exact, EXACT)
      const result = await runAction(exact, temp, {})
      expect(result.stdout).toContain('no plugin of the config measures timings in rounds')
      expect(result.code).toBe(0)
      expect(existsSync(join(temp, 'perfgate-ab-base'))).toBe(false)
      expect(result.addedEnv.PERFGATE_AB_DIR).toBeUndefined()
      expect(existsSync(join(app, '.perfgate/report.json'))).toBe(true)
    } finally {
      exact.cleanup()
    }
    const push = fakeRunner(fake.url, 'push')
    try {
      const { temp } = makeRepo(push, WITH_BUILD)
      const result = await runAction(push, temp, { 'save-baseline': 'false' })
      expect(result.stdout).toContain(
        'not a pull request (no base branch): compared with the stored baseline',
      )
      expect(existsSync(join(temp, 'perfgate-ab-base'))).toBe(false)
    } finally {
      push.cleanup()
    }
  }, 120_000)

  it('rejects an unknown mode', async () => {
    const r = fakeRunner(fake.url, 'pull_request', { prNumber: 82 })
    try {
      mkdirSync(join(r.workspace, 'node_modules'), { recursive: true })
      symlinkSync(REPO_ROOT, join(r.workspace, 'node_modules/perfgate'), 'dir')
      const result = await runCompositeAction({
        actionFile: join(REPO_ROOT, 'action.yml'),
        actionPath: REPO_ROOT,
        inputs: { mode: 'a-b' },
        token: fake.token,
        scratch,
        env: { ...r.env, PATH, HOME: process.env.HOME },
      })
      expect(result.failedStep).toBe('Find the base for A/B')
      expect(result.code).toBe(2)
      expect(result.stderr + result.stdout).toContain('mode must be auto, ab or stored, got "a-b"')
    } finally {
      r.cleanup()
    }
  })
})
