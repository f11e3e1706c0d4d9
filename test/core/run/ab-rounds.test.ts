// The cost of an A/B run's rounds: what a plugin keeps across them (ctx.keep) lives once per side and
// dies with the run on every path, a timeout or Ctrl-C keeps the whole rounds measured, and a finding
// every round reports appears once.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PerfgatePlugin, Side } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { findingKey, joinOutputs } from '../../../core/run/ab.js'
import { withoutNpmEnvironment } from '../../../core/run/ab-checkout.js'
import { run } from '../../../core/run/run.js'
import { tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

interface Tally {
  created: Record<Side, number>
  calls: Record<Side, number>
  pids: number[]
}

/**
 * A sampled plugin that keeps a real child process per side, reports one sample and a finding whose
 * figure changes every call, and — from call `hangFrom` of the head on — never answers.
 */
function keeper(tally: Tally, hangFrom = Number.POSITIVE_INFINITY): PerfgatePlugin {
  return {
    name: 'acme:keeper',
    sampled: true,
    async collect(ctx) {
      const child = await ctx.keep('sleeper', async (owner) => {
        const started: ChildProcess = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
          detached: true,
          stdio: 'ignore',
        })
        owner.track(started)
        tally.created[ctx.side]++
        tally.pids.push(started.pid as number)
        return { value: started, dispose: () => void started.kill('SIGTERM') }
      })
      expect(alive(child.pid as number)).toBe(true)
      tally.calls[ctx.side]++
      if (ctx.side === 'head' && tally.calls.head >= hangFrom)
        await new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
        )
      return {
        metrics: [
          { id: 'keeper/time', title: 'time', unit: 'ms', better: 'lower', samples: [100 + Math.random()] },
        ],
        findings: [
          {
            ruleId: 'keeper/big-image',
            severity: 'warning',
            message: `hero.png could save ${(40 + Math.random() * 5).toFixed(1)} KiB`,
          },
        ],
      }
    },
  }
}

function project() {
  const { dir, cleanup } = tempDir('perfgate-ab-rounds-')
  cleanups.push(cleanup)
  for (const side of ['head', 'base']) mkdirSync(join(dir, side))
  return { head: join(dir, 'head'), base: join(dir, 'base'), out: join(dir, 'out') }
}

const tally = (): Tally => ({ created: { head: 0, base: 0 }, calls: { head: 0, base: 0 }, pids: [] })

describe('A/B rounds keep one resource per plugin and side', () => {
  it('creates it once per side for all rounds, and no process is left after the run', async () => {
    const t = tally()
    const { head, base } = project()
    const result = await run({
      cwd: head,
      config: { plugins: [keeper(t)], ab: { plan: { min: 3, step: 3, max: 6 } } },
      ab: { dir: base },
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
    })
    expect(t.calls.head).toBeGreaterThanOrEqual(3)
    expect(t.calls.base).toBe(t.calls.head)
    expect(t.created).toEqual({ head: 1, base: 1 })
    for (const pid of t.pids) expect(alive(pid), `pid ${pid}`).toBe(false)
    // A finding of every round, its figure different each time: once, with the rounds that said it.
    const images = result.report.findings.filter((f) => f.ruleId === 'keeper/big-image')
    expect(images).toHaveLength(1)
    expect(images[0].message).toMatch(new RegExp(`\\(in ${t.calls.head} of ${t.calls.head} rounds\\)$`))
  }, 60_000)

  it('disposes it after the single call of a run that is not A/B', async () => {
    const t = tally()
    const { head } = project()
    await run({
      cwd: head,
      config: { plugins: [keeper(t)] },
      compare: false,
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
    })
    expect(t.created.head).toBe(1)
    expect(alive(t.pids[0])).toBe(false)
  }, 30_000)
})

describe('later A/B rounds measure only what is undecided', () => {
  it('tells the plugin which timing metrics are undecided after the first look; decided ones keep their samples', async () => {
    const { head, base } = project()
    const asked: Array<string[] | undefined> = []
    // Far noisier than any effect worth calling, the same spread on both sides in another order (so
    // paired rounds differ too): undecided until the last look, every time.
    const noise = { head: [150, 60, 100, 140, 50, 110], base: [60, 150, 110, 50, 140, 100] }
    const calls = { head: 0, base: 0 }
    const plugin: PerfgatePlugin = {
      name: 'acme:parts',
      sampled: true,
      async collect(ctx) {
        asked.push(ctx.undecided)
        const wanted = (id: string) => ctx.undecided?.includes(id) ?? true
        const metric = (id: string, value: number) => ({
          id,
          title: id,
          unit: 'ms' as const,
          better: 'lower' as const,
          samples: [value],
        })
        return {
          metrics: [
            // The same on both sides, every call: decided at the first look.
            ...(wanted('parts/steady') ? [metric('parts/steady', 100)] : []),
            ...(wanted('parts/noisy') ? [metric('parts/noisy', noise[ctx.side][calls[ctx.side]++ % 6])] : []),
          ],
        }
      },
    }
    const result = await run({
      cwd: head,
      config: { plugins: [plugin], ab: { plan: { min: 3, step: 3, max: 6 } } },
      ab: { dir: base },
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
    })
    // 3 rounds a side at the first look, everything asked for; 3 more with only the noisy one.
    expect(asked.slice(0, 6)).toEqual(Array(6).fill(undefined))
    expect(asked.slice(6)).toEqual(Array(6).fill(['parts/noisy']))
    const samples = (id: string) => result.report.metrics.find((m) => m.id === id)
    expect(samples('parts/steady')?.samples).toHaveLength(3)
    expect(samples('parts/steady')?.baseline?.samples).toHaveLength(3)
    expect(samples('parts/noisy')?.samples).toHaveLength(6)
    expect(samples('parts/noisy')?.baseline?.samples).toHaveLength(6)
  }, 60_000)
})

describe('a timeout or Ctrl-C keeps the rounds measured', () => {
  it('a plugin timeout in round 4 judges the 3 rounds a side before, and says why sampling stopped', async () => {
    const t = tally()
    const { head, base } = project()
    const result = await run({
      cwd: head,
      config: { plugins: [keeper(t, 4)], timeout: 1500, ab: { plan: { min: 5, step: 5, max: 10 } } },
      ab: { dir: base },
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
    })
    const metric = result.report.metrics.find((m) => m.id === 'keeper/time')
    expect(metric?.samples).toHaveLength(3)
    expect(metric?.baseline?.samples).toHaveLength(3)
    expect(metric?.baseline?.source).toBe('same-job')
    expect(metric?.verdict).toBeDefined()
    const stopped = result.report.findings.find((f) => f.ruleId === 'ab/stopped')
    expect(stopped?.message).toMatch(
      /keeper timed out in round 4 on the head side .*3 rounds a side before are judged/,
    )
    expect(result.report.plugins[0].status).toBe('ok')
    expect(result.exitCode).toBe(0)
    for (const pid of t.pids) expect(alive(pid), `pid ${pid}`).toBe(false)
  }, 60_000)

  it('Ctrl-C in round 4 writes report.json with the 3 rounds a side judged and the reason', async () => {
    const t = tally()
    const { head, base, out } = project()
    const controller = new AbortController()
    const plugin = keeper(t, 4)
    const collect = plugin.collect
    plugin.collect = (ctx) => {
      if (ctx.side === 'head' && t.calls.head === 3)
        setTimeout(() => controller.abort(new Error('SIGINT')), 200)
      return collect(ctx)
    }
    const result = await run({
      cwd: head,
      config: { plugins: [plugin], outDir: out, ab: { plan: { min: 5, step: 5, max: 10 } } },
      ab: { dir: base },
      logger: createMemoryLogger('error'),
      progress: false,
      signal: controller.signal,
    })
    expect(result.exitCode).toBe(130)
    expect(existsSync(join(out, 'report.json'))).toBe(true)
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))
    const metric = report.metrics.find((m: { id: string }) => m.id === 'keeper/time')
    expect(metric.samples).toHaveLength(3)
    expect(metric.baseline.samples).toHaveLength(3)
    const stopped = report.findings.find((f: { ruleId: string }) => f.ruleId === 'ab/stopped')
    expect(stopped.message).toMatch(/interrupted \(SIGINT\) after 3 rounds a side/)
    for (const pid of t.pids) expect(alive(pid), `pid ${pid}`).toBe(false)
  }, 60_000)
})

describe('joinOutputs', () => {
  it('folds findings that differ only in figures, counting each round once', () => {
    const finding = (message: string) => ({
      ruleId: 'bench/http-errors',
      severity: 'warning' as const,
      message,
    })
    const joined = joinOutputs([
      { findings: [finding('4 × HTTP 500 over 1200 attempts'), finding('7 × HTTP 500 over 1190 attempts')] },
      { findings: [finding('3 × HTTP 500 over 1210 attempts')] },
      { findings: [] },
    ])
    expect(joined.findings).toEqual([finding('4 × HTTP 500 over 1200 attempts (in 2 of 3 rounds)')])
    expect(findingKey(finding('a 1.5 KiB image'))).toBe(findingKey(finding('a 12 KiB image')))
    expect(findingKey(finding('a 1.5 KiB image'))).not.toBe(findingKey(finding('a 1.5 KiB font')))
  })
})

describe('the A/B checkout’s npm', () => {
  it('runs without the environment npm exec / npx set for its own child', () => {
    const env = withoutNpmEnvironment({
      PATH: '/usr/bin',
      npm_config_call: 'perfgate run --ab',
      npm_config_yes: 'true',
      npm_lifecycle_event: 'npx',
      npm_package_name: 'app',
      npm_command: 'exec',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      INIT_CWD: '/app',
      npm_config_registry: 'https://registry.example/',
      NPM_CONFIG_CACHE: '/cache',
    })
    expect(env).toEqual({
      PATH: '/usr/bin',
      npm_config_registry: 'https://registry.example/',
      NPM_CONFIG_CACHE: '/cache',
    })
  })
})

describe('npm’s errors in an A/B checkout', () => {
  it('keeps the cause and drops the usage text npm appends', async () => {
    const { npmErrorLines } = await import('../../../core/run/ab-checkout.js')
    const output = [
      'npm error code EUSAGE',
      'npm error',
      'npm error `npm ci` can only install packages when your package.json and package-lock.json are in sync.',
      'npm error',
      'npm error Missing: left-pad@1.3.0 from lock file',
      'npm error',
      'npm error Clean install a project',
      'npm error',
      'npm error Usage:',
      'npm error npm ci',
    ].join('\n')
    expect(npmErrorLines(output)).toEqual([
      'npm error code EUSAGE',
      'npm error `npm ci` can only install packages when your package.json and package-lock.json are in sync.',
      'npm error Missing: left-pad@1.3.0 from lock file',
    ])
  })
})
