import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBaselineStore } from '../../../core/baseline/index.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { commit, gitConfig, isolateGit, makeReport, makeWorld, sh, type World } from './fixtures.js'

let home: string
let world: World
beforeAll(async () => {
  home = await isolateGit()
  world = await makeWorld(6)
  // Records for main 1 and main 3 only; a feature branch forks from main 4.
  const store = createBaselineStore(gitConfig(world.project), { logger: createMemoryLogger() })
  await store.save([makeReport(world.main[0]), makeReport(world.main[2])])
  await sh(world.project, ['switch', '-q', '-c', 'feature', world.main[3]])
  for (let i = 1; i <= 3; i++) await commit(world.project, `feature ${i}`)
  await sh(world.project, ['push', '-q', 'origin', 'feature'])
})
afterAll(async () => {
  await world.cleanup()
  await rm(home, { recursive: true, force: true })
})

async function shallowClone(name: string, branch: string): Promise<string> {
  const dir = join(world.dir, name)
  await sh(world.dir, ['clone', '-q', '--depth=1', '--branch', branch, world.originUrl, dir])
  expect(await sh(dir, ['rev-parse', '--is-shallow-repository'])).toBe('true')
  return dir
}

describe('shallow clones', () => {
  it('deepens the walk when the merge-base has no record (depth 1 clone of main)', async () => {
    const dir = await shallowClone('shallow-main', 'main')
    const lookup = await createBaselineStore(gitConfig(dir), { logger: createMemoryLogger() }).lookup()
    expect(lookup.mergeBase).toBe(world.main[5])
    expect(lookup.baseline?.commit).toBe(world.main[2])
    expect(lookup.history.map((entry) => entry.commit)).toEqual([world.main[0]])
  })

  it('fetches the base branch and deepens until the merge-base is found (depth 1 clone of a feature)', async () => {
    const dir = await shallowClone('shallow-feature', 'feature')
    expect(await sh(dir, ['rev-list', '--count', 'HEAD'])).toBe('1')
    const lookup = await createBaselineStore(gitConfig(dir), { logger: createMemoryLogger() }).lookup({
      base: 'main',
    })
    expect(lookup.base).toBe('origin/main')
    expect(lookup.mergeBase).toBe(world.main[3])
    expect(lookup.baseline?.commit).toBe(world.main[2])
    expect(Number(await sh(dir, ['rev-list', '--count', 'HEAD']))).toBeGreaterThan(1)
  })

  it('says which fetch-depth to set when it may not deepen', async () => {
    const dir = await shallowClone('shallow-no-deepen', 'feature')
    const lookup = await createBaselineStore(gitConfig(dir), { logger: createMemoryLogger() }).lookup({
      base: 'main',
      deepen: 0,
    })
    expect(lookup.baseline).toBeNull()
    expect(lookup.reason).toContain('shallow clone')
    expect(lookup.reason).toContain('fetch-depth: 0')
  })
})
