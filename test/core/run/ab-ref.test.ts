import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../core/report/logger.js'
import { run } from '../../../core/run/run.js'
import { benchPlugin } from '../../../plugins/bench/index.js'
import { tempDir } from '../../helpers/paths.js'
import { isolateGit, makeWorld, sh, snapshot, type World } from '../baseline/fixtures.js'
import { FAST_BENCH } from './ab-helpers.js'

// The project: app/ holds the config folder; its bench file reads the loop size from dist/ (built from
// src/ by `ab.build`, ignored by git) and a helper from node_modules (installed, ignored by git), so the
// base side only works when the checkout was built and given the project's node_modules.
const BENCH = `import { work } from './dist/work.js'
import { spin } from 'fixture-dep'
export default { loop: () => spin(work) }
`
const BUILD = `node -e "const fs=require('fs');fs.mkdirSync('dist',{recursive:true});fs.writeFileSync('dist/work.js','export const work = '+fs.readFileSync('src/work.txt','utf8').trim()+'\\\\n')"`

let world: World
let app: string

async function writeApp(work: number) {
  await mkdir(join(app, 'src'), { recursive: true })
  await writeFile(join(app, 'src/work.txt'), `${work}\n`)
}

beforeAll(async () => {
  // These cases test the temporary checkout; the cache of built bases has its own case, below.
  process.env.PERFGATE_AB_CACHE = 'off'
  await isolateGit()
  world = await makeWorld(2)
  app = join(world.project, 'app')
  await mkdir(join(app, 'node_modules/fixture-dep'), { recursive: true })
  await writeFile(
    join(app, 'node_modules/fixture-dep/package.json'),
    '{ "name": "fixture-dep", "type": "module", "main": "index.js" }\n',
  )
  await writeFile(
    join(app, 'node_modules/fixture-dep/index.js'),
    'let sink = 0\nexport function spin(n) { let t = 0; for (let i = 0; i < n; i++) t += Math.sqrt(i) * Math.sin(i); sink += t }\n',
  )
  await writeFile(join(world.project, '.gitignore'), 'node_modules/\ndist/\n.perfgate/\n')
  await writeFile(join(app, 'package.json'), '{ "name": "ab-app", "private": true, "type": "module" }\n')
  await writeFile(
    join(app, 'package-lock.json'),
    '{ "name": "ab-app", "lockfileVersion": 3, "packages": {} }\n',
  )
  await writeFile(join(app, 'tasks.bench.mjs'), BENCH)
  await writeApp(300_000)
  await sh(world.project, ['add', '-A'])
  await sh(world.project, ['commit', '-q', '-m', 'app'])
  await sh(world.project, ['push', '-q', 'origin', 'main'])
  // The pull request: the loop made 2× longer, built in the user's work tree. This file tests the
  // checkout; detection of a 1.2× change at the defaults is ab-dir.test.ts's (short bench runs on a
  // loaded machine cannot promise it).
  await sh(world.project, ['checkout', '-q', '-b', 'feature'])
  await writeApp(600_000)
  await sh(world.project, ['commit', '-q', '-am', 'slower'])
  await sh(app, ['status']) // refresh the index stat cache so snapshots compare content, not timing
}, 60_000)

afterAll(async () => {
  await world?.cleanup()
})

function capture() {
  const lines: string[] = []
  return { lines, logger: createLogger({ level: 'debug', write: (l) => lines.push(l), color: false }) }
}

function checkoutDir(lines: string[]): string {
  const line = lines.find((l) => /A\/B: checking out .* into /.test(l))
  expect(line).toBeDefined()
  return (line as string).replace(/^.* into /, '').trim()
}

const config = {
  plugins: [benchPlugin(FAST_BENCH)],
  ab: { build: BUILD },
  baseline: { store: 'folder' as const },
}

describe('perfgate run --ab [REF]', () => {
  it('checks out the merge-base outside the work tree, builds it, times both sides, and leaves the repo untouched', async () => {
    await sh(app, ['status'])
    const { execSync } = await import('node:child_process')
    execSync(BUILD, { cwd: app })
    const before = await snapshot(world.project)
    const { lines, logger } = capture()
    const result = await run({ cwd: app, config, ab: { ref: null }, logger, progress: false, write: false })
    const after = await snapshot(world.project)
    expect(after).toEqual(before)
    const dir = checkoutDir(lines)
    expect(dir.startsWith(world.project)).toBe(false)
    expect(existsSync(dir)).toBe(false)
    expect(lines.some((l) => /merge-base of HEAD and origin\/main/.test(l))).toBe(true)
    expect(lines.some((l) => /node_modules linked/.test(l))).toBe(true)
    const p50 = result.report.metrics.find((m) => m.id.endsWith('/latency-p50'))
    expect(p50?.baseline?.source).toBe('same-job')
    expect(p50?.verdict).toBe('regressed')
    expect(result.report.baseCommit).toBe(await sh(world.project, ['rev-parse', 'main']))
    expect(await sh(world.project, ['worktree', 'list'])).not.toMatch(/perfgate-ab-/)
  }, 180_000)

  it('takes an explicit REF, and a failing build stops the run with its output, the checkout removed', async () => {
    const before = await snapshot(world.project)
    const { lines, logger } = capture()
    await expect(
      run({
        cwd: app,
        // A build that empties node_modules (as `npm ci` does) must not reach the user's packages.
        config: {
          ...config,
          ab: { build: 'rm -rf node_modules/* node_modules/.[!.]*; echo build-broke-here >&2; exit 4' },
        },
        ab: { ref: 'main' },
        logger,
        progress: false,
        write: false,
      }),
    ).rejects.toThrow(/ab.build .* exited with code 4/)
    expect(existsSync(join(app, 'node_modules/fixture-dep/index.js'))).toBe(true)
    expect(existsSync(checkoutDir(lines))).toBe(false)
    expect(await snapshot(world.project)).toEqual(before)
  }, 60_000)

  it('removes the checkout when interrupted during the build, and still returns a partial report', async () => {
    const before = await snapshot(world.project)
    const { lines, logger } = capture()
    const controller = new AbortController()
    const watcher = setInterval(() => {
      if (lines.some((l) => /building the base/.test(l))) controller.abort(new Error('SIGINT'))
    }, 50)
    const started = Date.now()
    const result = await run({
      cwd: app,
      config: { ...config, ab: { build: 'sleep 30' } },
      ab: { ref: 'main' },
      logger,
      progress: false,
      write: false,
      signal: controller.signal,
    }).finally(() => clearInterval(watcher))
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.exitCode).toBe(130)
    expect(result.report.plugins[0]?.status).toBe('skipped')
    expect(existsSync(checkoutDir(lines))).toBe(false)
    expect(await snapshot(world.project)).toEqual(before)
  }, 60_000)

  it('without ab.build, a base side that fails for want of its build is told to set ab.build', async () => {
    const { execSync } = await import('node:child_process')
    execSync(BUILD, { cwd: app }) // the head is built in the work tree
    const { lines, logger } = capture()
    const result = await run({
      cwd: app,
      config: { ...config, ab: {} },
      ab: { ref: 'main' },
      logger,
      progress: false,
      write: false,
    })
    expect(
      lines.some((l) => /ab\.build is not set, so the base checkout is measured as committed/.test(l)),
    ).toBe(true)
    expect(result.exitCode).toBe(3)
    const bench = result.report.plugins.find((p) => p.name === 'perfgate:bench')
    expect(bench?.status).toBe('failed')
    expect(bench?.error).toMatch(
      /^base side \(main \([0-9a-f]{7}\)\): measured no timing metric: Bench file tasks\.bench\.mjs threw on import: .*dist\/work\.js/s,
    )
    expect(bench?.error).toMatch(/the base checkout was not built: .* set ab\.build, e\.g\. 'npm run build'/)
  }, 60_000)

  const base = config
  it('builds the base once: the next run on the same merge-base and lockfiles reuses it from the cache', async () => {
    const { execSync } = await import('node:child_process')
    execSync(BUILD, { cwd: app })
    const { dir: cache, cleanup } = tempDir('perfgate-ab-cache-test-')
    // Two rounds a side are enough here: this case is about the build, not the verdict.
    const config = { ...base, ab: { ...base.ab, plan: { min: 2, step: 2, max: 2 } } }
    process.env.PERFGATE_AB_CACHE = cache
    try {
      const first = capture()
      await run({
        cwd: app,
        config,
        ab: { ref: 'main' },
        logger: first.logger,
        progress: false,
        write: false,
      })
      expect(first.lines.some((l) => /building the base/.test(l))).toBe(true)
      const second = capture()
      const result = await run({
        cwd: app,
        config,
        ab: { ref: 'main' },
        logger: second.logger,
        progress: false,
        write: false,
      })
      expect(second.lines.some((l) => /building the base/.test(l))).toBe(false)
      expect(second.lines.some((l) => /main \([0-9a-f]{7}\) reused, built, from the cache/.test(l))).toBe(
        true,
      )
      const p50 = result.report.metrics.find((m) => m.id.endsWith('/latency-p50'))
      expect(p50?.baseline?.source).toBe('same-job')
      expect(result.report.plugins[0]?.status).toBe('ok')
      // Another build command is another base build.
      const third = capture()
      await run({
        cwd: app,
        config: { ...config, ab: { ...config.ab, build: `${BUILD} && echo again` } },
        ab: { ref: 'main' },
        logger: third.logger,
        progress: false,
        write: false,
      })
      expect(third.lines.some((l) => /building the base/.test(l))).toBe(true)
    } finally {
      process.env.PERFGATE_AB_CACHE = 'off'
      cleanup()
    }
  }, 240_000)

  it('names an unknown REF', async () => {
    await expect(
      run({
        cwd: app,
        config,
        ab: { ref: 'no-such-branch' },
        logger: capture().logger,
        progress: false,
        write: false,
      }),
    ).rejects.toThrow(/--ab no-such-branch: no such commit/)
  })
})
