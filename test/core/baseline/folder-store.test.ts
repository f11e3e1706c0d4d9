import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBaselineStore } from '../../../core/baseline/index.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { commit, gitConfig, isolateGit, makeReport, sh } from './fixtures.js'

let home: string
let dir: string
beforeAll(async () => {
  home = await isolateGit()
  dir = await mkdtemp(join(tmpdir(), 'perfgate-folder-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await rm(home, { recursive: true, force: true })
})

function folderStore(root: string, logger = createMemoryLogger()) {
  return createBaselineStore(gitConfig(root, { store: 'folder', dir: 'baselines' }), { logger })
}

describe('folder baseline store', () => {
  it('round-trips records and follows the project repo ancestry, without any remote', async () => {
    const repo = join(dir, 'repo')
    await sh(dir, ['init', '-q', '-b', 'main', repo])
    const main: string[] = []
    for (let i = 1; i <= 4; i++) main.push(await commit(repo, `main ${i}`))
    const logger = createMemoryLogger()
    const store = folderStore(repo, logger)
    expect(store.kind).toBe('folder')
    expect(store.describe()).toBe(`folder ${join(repo, 'baselines')}`)

    const saved = await store.save([
      makeReport(main[0]),
      makeReport(main[1], { shard: { index: 1, total: 2 } }),
    ])
    await store.save(makeReport(main[1], { shard: { index: 2, total: 2 } }))
    expect(saved.paths[0]).toBe(`runs/${main[0].slice(0, 2)}/${main[0]}.json`)
    const stored = JSON.parse(await readFile(join(repo, 'baselines', saved.paths[0]), 'utf8'))
    expect(stored.commit).toBe(main[0])
    expect((await store.read(main[1]))?.reports).toHaveLength(2)
    expect((await store.read('HEAD~3'))?.commit).toBe(main[0])

    await sh(repo, ['switch', '-q', '-c', 'feature', main[2]])
    await commit(repo, 'feature 1')
    const lookup = await store.lookup({ base: 'main' })
    expect(lookup.base).toBe('main')
    expect(lookup.mergeBase).toBe(main[2])
    expect(lookup.baseline?.commit).toBe(main[1])
    expect(lookup.history.map((entry) => entry.commit)).toEqual([main[0]])
    // The default base without a remote is the local main branch.
    expect((await store.lookup()).mergeBase).toBe(main[2])

    // A corrupt file is one warning and is skipped.
    const broken = join(repo, 'baselines', 'runs', main[2].slice(0, 2), `${main[2]}.json`)
    await mkdir(join(broken, '..'), { recursive: true })
    await writeFile(broken, '{')
    expect((await store.lookup({ base: 'main' })).baseline?.commit).toBe(main[1])
    expect(logger.lines.filter((line) => line.includes(broken))).toHaveLength(1)

    const listed = await store.list()
    expect(listed.map((record) => record.commit)).toEqual([main[2], main[1], main[0]])
    expect(await store.prune(1)).toEqual({ kept: 1, removed: 2 })
    expect((await store.list()).map((record) => record.commit)).toEqual([main[2]])
    expect(await store.read(main[0])).toBeNull()
  })

  it('outside a git repository, the newest record is the baseline', async () => {
    const plain = join(dir, 'plain')
    await mkdir(plain)
    const store = folderStore(plain)
    expect((await store.lookup()).reason).toContain('no baseline records yet')
    const older = 'a'.repeat(40)
    const newer = 'b'.repeat(40)
    await store.save(makeReport(older, { createdAt: '2025-01-01T00:00:00.000Z' }))
    await store.save(makeReport(newer, { createdAt: '2025-02-01T00:00:00.000Z' }))
    const lookup = await store.lookup()
    expect(lookup.baseline?.commit).toBe(newer)
    expect(lookup.history.map((entry) => entry.commit)).toEqual([older])
    expect(lookup.mergeBase).toBeNull()
  })
})
