import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunReport } from '../../../core/model/types.js'
import { CLI } from '../../helpers/paths.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'

// One size with the config's budget ≤ 100 bytes, which main already misses.
const CONFIG = `
export default {
  plugins: [{
    name: 'perfgate:size',
    collect: () => ({ metrics: [{ id: 'size/total', title: 'total', unit: 'bytes', better: 'lower', value: Number(process.env.SIZE) }] }),
  }],
  budgets: { 'size/total': { max: 100 } },
  compare: { sizeFloor: 0 },
}
`

let world: World

function perfgate(size: number, args: string[] = []) {
  const result = spawnSync(process.execPath, [CLI, 'run', '--out', '.perfgate', ...args], {
    cwd: world.project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SIZE: String(size), GITHUB_BASE_REF: '' },
  })
  const report = JSON.parse(readFileSync(join(world.project, '.perfgate/report.json'), 'utf8')) as RunReport
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, report }
}

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(1)
  writeFileSync(join(world.project, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(world.project, '.gitignore'), '.perfgate/\n')
  await sh(world.project, ['add', '.'])
  await commit(world.project, 'add perfgate')
  await sh(world.project, ['push', '-q', 'origin', 'main'])
})
afterAll(() => world.cleanup())

describe('budgets against the base branch', { timeout: 60_000 }, () => {
  it('main saving its baseline counts its breach; a pull request that leaves it alone passes, one that makes it worse fails', async () => {
    const saved = perfgate(150, ['--save-baseline'])
    expect(saved.code).toBe(1)
    expect(saved.report.summary.overBudget).toBe(1)

    await sh(world.project, ['checkout', '-q', '-b', 'feature'])
    await commit(world.project, 'harmless')
    const harmless = perfgate(150)
    expect(harmless.code).toBe(0)
    expect(harmless.report.metrics[0].budget).toMatchObject({
      status: 'exceeded',
      base: { value: 150, status: 'exceeded' },
      known: true,
    })
    expect(harmless.stdout).toContain(
      'Already over budget on the base branch, not shown worse (not failing): size/total 150 B (≤ 100 B)',
    )
    const worse = perfgate(180)
    expect(worse.code).toBe(1)
    expect(worse.report.metrics[0]).toMatchObject({ verdict: 'regressed', budget: { status: 'exceeded' } })
    expect(worse.report.metrics[0].budget?.known).toBeUndefined()
  })

  it('a push to main (HEAD is its own merge-base) counts every breach, saved or not', async () => {
    await sh(world.project, ['checkout', '-q', 'main'])
    await commit(world.project, 'next on main')
    await sh(world.project, ['push', '-q', 'origin', 'main'])
    const push = perfgate(150)
    expect(push.report.baseCommit).not.toBeNull()
    expect(push.report.metrics[0].budget).toMatchObject({ base: { status: 'exceeded' } })
    expect(push.report.metrics[0].budget?.known).toBeUndefined()
    expect(push.code).toBe(1)
  })
})
