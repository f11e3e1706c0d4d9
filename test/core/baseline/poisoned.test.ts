import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordPath } from '../../../core/baseline/index.js'
import { recordProblems, valueProblem } from '../../../core/baseline/record-checks.js'
import { CLI } from '../../helpers/paths.js'
import { makeMetric } from '../../helpers/reports.js'
import { commit, isolateGit, makeReport, makeWorld, sh, type World, writeRawFile } from './fixtures.js'

/**
 * Records are checked, not trusted (issue 24, break 7): a schema-valid record poisoned on the baselines
 * branch — a value of 1e308, a commit field naming another commit, a metric id given twice, a negative
 * byte count — is skipped with a warning, and a +30 % regression against the ancestor before it still
 * fails. Real CLI, real git repository with a bare origin.
 */

const CONFIG = `export default {
  plugins: [{
    name: 'perfgate:size',
    collect: () => ({ metrics: [{ id: 'size/app', title: 'App size', unit: 'bytes', better: 'lower',
      value: Number(process.env.APP_SIZE) }] }),
  }],
}
`

let world: World
let good: string // main commit with an honest record (1000 bytes)
let poisoned: string // the next main commit, whose record each case rewrites

function perfgate(args: string[], size: number) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: world.project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', APP_SIZE: String(size), GITHUB_BASE_REF: 'main' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** The stored record of `sha`, as `run --save-baseline` wrote it. */
async function storedRecord(sha: string) {
  const text = await sh(world.origin, ['show', `perfgate-baselines:${recordPath({ commit: sha })}`])
  return JSON.parse(text) as ReturnType<typeof makeReport>
}

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(1)
  writeFileSync(join(world.project, 'perfgate.config.mjs'), CONFIG)
  await sh(world.project, ['add', '.'])
  good = await commit(world.project, 'add perfgate')
  await sh(world.project, ['push', '-q', 'origin', 'HEAD:main'])
  const saved = perfgate(['run', '--save-baseline'], 1000)
  expect(saved.code, saved.stderr).toBe(0)
  poisoned = await commit(world.project, 'next on main')
  await sh(world.project, ['push', '-q', 'origin', 'HEAD:main'])
  // The pull request: one commit on top of main, 30 % bigger.
  await sh(world.project, ['checkout', '-q', '-b', 'feature'])
  await commit(world.project, 'feature')
}, 60_000)
afterAll(() => world.cleanup())

async function storeAtPoisoned(edit: (record: ReturnType<typeof makeReport>) => void): Promise<void> {
  const record = await storedRecord(good)
  record.commit = poisoned
  edit(record)
  await writeRawFile(
    world.origin,
    'perfgate-baselines',
    recordPath({ commit: poisoned }),
    `${JSON.stringify(record)}\n`,
  )
}

describe('a poisoned baseline record never passes a regression', { timeout: 60_000 }, () => {
  it('control: an honest record at the nearer commit is the baseline (a big one passes the change)', async () => {
    await storeAtPoisoned((record) => {
      record.metrics[0]!.value = 2000
    })
    const run = perfgate(['run'], 1300)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).not.toContain('ignoring baseline record')
  })

  const cases: Array<[string, (record: ReturnType<typeof makeReport>) => void, RegExp]> = [
    [
      'a value of 1e308',
      (r) => {
        r.metrics[0]!.value = 1e308
      },
      /metric "size\/app": 1e\+308 is outside the range of unit bytes/,
    ],
    [
      'a commit field naming another commit than its path',
      (r) => {
        r.commit = good
        r.metrics[0]!.value = 2000
      },
      /its commit field "[0-9a-f]{40}" is not the commit its path names/,
    ],
    [
      'a metric id given twice',
      (r) => {
        r.metrics = [
          { ...r.metrics[0]!, value: 2000 },
          { ...r.metrics[0]!, value: 2000 },
        ]
      },
      /metric "size\/app" appears more than once/,
    ],
    [
      'a negative byte count',
      (r) => {
        r.metrics[0]!.value = -5000
      },
      /metric "size\/app": -5000 is outside the range of unit bytes \(0 to/,
    ],
  ]
  for (const [name, edit, warning] of cases)
    it(`${name}: one warning naming the record, and the +30 % regression fails`, async () => {
      await storeAtPoisoned(edit)
      const run = perfgate(['run', '--json'], 1300)
      expect(run.code, run.stderr).toBe(1)
      const warnings = run.stderr.split('\n').filter((line) => line.includes('ignoring baseline record'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain(poisoned)
      expect(warnings[0]).toMatch(warning)
      expect(warnings[0]).toContain('trying the next ancestor')
      const report = JSON.parse(run.stdout)
      const metric = report.metrics.find((m: { id: string }) => m.id === 'size/app')
      expect(metric.verdict).toBe('regressed')
      expect(metric.baseline).toMatchObject({ value: 1000, commit: good })
    })
})

describe('recordProblems', () => {
  const sha = 'a'.repeat(40)
  it('accepts an honest record and names every problem of a bad one', () => {
    expect(recordProblems(makeReport(sha), sha)).toEqual([])
    const bad = makeReport(sha, {
      metrics: [
        makeMetric('t/ms', 5, { unit: 'ms', samples: [1, 2, 2e9] }),
        makeMetric('t/pct', 101, { unit: 'percent' }),
        makeMetric('t/score', -1, { unit: 'score' }),
        makeMetric('t/count', 3, { unit: 'count' }),
        makeMetric('t/count', 3, { unit: 'count' }),
      ],
    })
    expect(recordProblems(bad, 'b'.repeat(40))).toEqual([
      `its commit field "${sha}" is not the commit its path names`,
      'metric "t/ms": sample 2: 2000000000',
      'metric "t/pct": 101 is outside the range of unit percent (0 to 100)',
      'metric "t/score": -1 is outside the range of unit score (0 to 100)',
      'metric "t/count" appears more than once',
    ])
  })

  it('allows negative values only where the unit has no sign', () => {
    expect(valueProblem(-3, 'none')).toBeNull()
    expect(valueProblem(0, 'bytes')).toBeNull()
    expect(valueProblem(Number.POSITIVE_INFINITY, 'none')).toMatch(/not a finite number/)
    expect(valueProblem(1e9, 'ms')).toBeNull()
    expect(valueProblem(1e9 + 1, 'ms')).toMatch(/outside the range of unit ms/)
  })
})

describe('saving', () => {
  it('refuses a record the lookup would distrust, naming the metric', async () => {
    const { checkReportsToSave } = await import('../../../core/baseline/records.js')
    const sha = 'c'.repeat(40)
    expect(() => checkReportsToSave(makeReport(sha, { metrics: [makeMetric('size/app', -1)] }))).toThrow(
      /cannot save the baseline: metric "size\/app": -1 is outside the range of unit bytes/,
    )
    expect(checkReportsToSave(makeReport(sha))).toHaveLength(1)
  })
})
