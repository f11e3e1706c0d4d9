import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from '../../helpers/paths.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'

// A user's config: one exact metric and one sampled timing, both read from the environment so each
// test decides what "the code" measures.
const CONFIG = `
export default {
  plugins: [{
    name: 'perfgate:fake',
    units: () => ['a', 'b'],
    collect: (ctx) => ({
      metrics: [
        { id: 'fake/size', title: 'Size', unit: 'bytes', better: 'lower', value: Number(process.env.SIZE) },
        { id: 'fake/time', title: 'Time', unit: 'ms', better: 'lower', samples: process.env.TIMES.split(',').map(Number) },
        ...(ctx.units ?? []).map((u) => ({ id: 'fake/unit-' + u, title: u, unit: 'count', better: 'lower', value: 1 })),
      ],
    }),
  }],
}
`

const steady = Array.from({ length: 12 }, (_, i) => 100 + (i % 4)).join(',')
const slower = Array.from({ length: 12 }, (_, i) => 140 + (i % 4)).join(',')

let world: World

function perfgate(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: world.project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SIZE: '1000', TIMES: steady, ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const readReport = (dir = '.perfgate') =>
  JSON.parse(readFileSync(join(world.project, dir, 'report.json'), 'utf8'))

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(3)
  writeFileSync(join(world.project, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(world.project, '.gitignore'), '.perfgate/\n')
  await sh(world.project, ['add', '.'])
  await commit(world.project, 'add perfgate')
  await sh(world.project, ['push', '-q', 'origin', 'main'])
})
afterAll(() => world.cleanup())

describe('baselines end to end through the CLI', () => {
  it('saves on main, then flags a pull request’s regression against the merge-base', async () => {
    const saved = perfgate(['run', '--save-baseline'])
    expect(saved.stderr).toContain('Baseline saved')
    expect(saved.code).toBe(0)
    const mainSha = readReport().commit

    await sh(world.project, ['checkout', '-q', '-b', 'feature'])
    await commit(world.project, 'make it slower')
    const pr = perfgate(['run'], { SIZE: '1300', TIMES: slower })
    expect(pr.code).toBe(1)
    const report = readReport()
    expect(report.baseCommit).toBe(mainSha)
    const size = report.metrics.find((m: { id: string }) => m.id === 'fake/size')
    expect(size).toMatchObject({
      verdict: 'regressed',
      baseline: { value: 1000, commit: mainSha },
      change: { abs: 300 },
    })
    // A timing against one stored record from another job cannot be called (no history to widen by):
    // the reason says so, and same-job A/B would decide it.
    const time = report.metrics.find((m: { id: string }) => m.id === 'fake/time')
    expect(time.verdict).toBe('inconclusive')
    expect(time.reason).toMatch(/--ab would decide/)
    expect(time.change.rel).toBeGreaterThan(0.3)
    expect(pr.stdout).toContain('regressed')

    const same = perfgate(['run'])
    expect(same.code).toBe(0)
    expect(readReport().metrics.find((m: { id: string }) => m.id === 'fake/size').verdict).toBe('unchanged')
  })

  it('lists and shows records', () => {
    const list = perfgate(['baseline', 'list'])
    expect(list.code).toBe(0)
    expect(list.stdout.trim().split('\n')).toHaveLength(1)
    const sha = list.stdout.split(/\s+/)[0]
    const show = perfgate(['baseline', 'show', sha, '--json'])
    expect(JSON.parse(show.stdout).metrics.map((m: { id: string }) => m.id)).toContain('fake/size')
    const missing = perfgate(['baseline', 'show', 'feature'])
    expect(missing.code).toBe(2) // not 1: that means a regression
    expect(missing.stderr).toContain('No baseline record for feature')
    // A commit this repository does not know is the same usage error (docs/cli.md: exit 2), not a failure.
    const unknown = perfgate(['baseline', 'show', 'deadbeef'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain(`"deadbeef" is not a commit in ${world.project}`)
    expect(unknown.stderr).toContain('perfgate baseline list')
  })

  it('prune refuses a negative --keep, naming --keep and what it takes (exit 2)', () => {
    for (const args of [['--keep', '-1'], ['--keep=-1'], ['--keep', 'all']]) {
      const result = perfgate(['baseline', 'prune', ...args])
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toContain('baseline prune needs --keep N, a whole number of commits to keep')
      expect(result.stderr).not.toContain('--ab')
    }
  })

  it('compares two report files', () => {
    perfgate(['run', '--no-compare', '--out', 'base'])
    perfgate(['run', '--no-compare', '--out', 'head'], { SIZE: '900' })
    const result = perfgate(['compare', 'head/report.json', 'base/report.json', '--json'])
    expect(result.code).toBe(0)
    const size = JSON.parse(result.stdout).metrics.find((m: { id: string }) => m.id === 'fake/size')
    expect(size).toMatchObject({ verdict: 'improved', baseline: { value: 1000 } })
    const bad = perfgate(['compare', 'nope.json'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Cannot read report nope.json')
  })

  it('merges shard reports and refuses duplicates', () => {
    perfgate(['run', '--no-compare', '--shard', '1/2', '--out', 's1'])
    perfgate(['run', '--no-compare', '--shard', '2/2', '--out', 's2'])
    const s1 = readReport('s1')
    const s2 = readReport('s2')
    // The plugin's two units are dealt to the two shards; its whole-run metrics come with each unit.
    expect(s1.metrics.length + s2.metrics.length).toBe(6)
    const merged = perfgate(['merge', 's1/report.json', 's2/report.json', '--out', 'merged', '--json'])
    expect(merged.code).toBe(0)
    const ids = JSON.parse(merged.stdout).metrics.map((m: { id: string }) => m.id)
    expect(ids).toEqual(expect.arrayContaining(['fake/unit-a', 'fake/unit-b', 'fake/size']))
    expect(merged.stderr).not.toContain('missing')
    const half = perfgate(['merge', 's2/report.json', '--out', 'half'])
    expect(half.code).toBe(0)
    expect(half.stderr).toContain('Shard 1/2 missing: the merged report lacks its work')
    const dup = perfgate(['merge', 's1/report.json', 's1/report.json'])
    expect(dup.code).toBe(2)
    expect(dup.stderr).toContain('Duplicate shard 1/2')
  })

  it('prunes to the newest N commits', () => {
    const pruned = perfgate(['baseline', 'prune', '--keep', '0'])
    expect(pruned.code).toBe(0)
    expect(pruned.stderr).toContain('removed 1')
    expect(perfgate(['baseline', 'list']).stderr).toContain('No records')
    expect(perfgate(['baseline', 'prune']).code).toBe(2)
  })
})
