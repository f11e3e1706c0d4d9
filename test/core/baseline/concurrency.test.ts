import { access, chmod, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBaselineStore } from '../../../core/baseline/index.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { commit, gitConfig, isolateGit, makeReport, makeWorld, sh, type World } from './fixtures.js'

let home: string
beforeAll(async () => {
  home = await isolateGit()
})
afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

// Eight clones and up to ten push attempts each: seconds on a loaded 2-core machine.
describe('concurrent writers', { timeout: 60_000 }, () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld(8)
  })
  afterAll(() => world.cleanup())

  it('8 writers from 8 clones at once lose no record', async () => {
    const clones = await Promise.all(
      world.main.map(async (_, i) => {
        const dir = join(world.dir, `writer-${i}`)
        await sh(world.dir, ['clone', '-q', world.originUrl, dir])
        return dir
      }),
    )
    const loggers = clones.map(() => createMemoryLogger())
    const results = await Promise.all(
      clones.map((dir, i) =>
        createBaselineStore(gitConfig(dir), { logger: loggers[i] }).save(makeReport(world.main[i])),
      ),
    )
    expect(results).toHaveLength(8)
    const files = (await sh(world.origin, ['ls-tree', '-r', '--name-only', 'perfgate-baselines'])).split('\n')
    expect(files.sort()).toEqual(world.main.map((sha) => `runs/${sha.slice(0, 2)}/${sha}.json`).sort())
    // One commit per record on a linear branch: every writer built on the others' work.
    expect(await sh(world.origin, ['rev-list', '--count', 'perfgate-baselines'])).toBe('8')
  })
})

describe('prune', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld(5)
  })
  afterAll(() => world.cleanup())

  it('keeps the N newest records as one orphan commit', async () => {
    const store = createBaselineStore(gitConfig(world.project), { logger: createMemoryLogger() })
    for (const sha of world.main) await store.save(makeReport(sha))
    expect(await store.prune(3)).toEqual({ kept: 3, removed: 2 })
    expect((await store.list()).map((record) => record.commit)).toEqual(world.main.slice(2).reverse())
    expect(await sh(world.origin, ['rev-list', '--count', 'perfgate-baselines'])).toBe('1')
    expect(await store.prune(3)).toEqual({ kept: 3, removed: 0 })
  })

  it('never drops a record written while it runs (lease)', async () => {
    const store = createBaselineStore(gitConfig(world.project), { logger: createMemoryLogger() })
    for (const sha of world.main.slice(2)) await store.save(makeReport(sha)) // no-ops after the test above
    const logger = createMemoryLogger()
    const pruner = createBaselineStore(gitConfig(world.project), { logger })
    // A new commit on main whose record lands between prune's fetch and prune's push.
    const seed = join(world.dir, 'seed')
    const late = await commit(seed, 'main 6')
    await sh(seed, ['push', '-q', world.origin, 'main'])
    await sh(world.project, ['pull', '-q', '--ff-only'])
    const recordFile = join(world.dir, 'late.json')
    await writeFile(recordFile, JSON.stringify(makeReport(late)))
    const marker = join(world.dir, 'race-once')
    const wrapper = join(world.dir, 'upload-pack-then-write.sh')
    await writeFile(
      wrapper,
      [
        '#!/bin/sh',
        'git upload-pack "$@"',
        'rc=$?',
        `if [ -f '${marker}' ]; then`,
        `  rm -f '${marker}'`,
        `  cd '${world.origin}' || exit 1`,
        `  export GIT_INDEX_FILE='${world.origin}/race-index'`,
        '  tip=$(git rev-parse refs/heads/perfgate-baselines)',
        `  oid=$(git hash-object -w '${recordFile}')`,
        '  git read-tree "$tip"',
        `  git update-index --add --cacheinfo "100644,$oid,runs/${late.slice(0, 2)}/${late}.json"`,
        '  tree=$(git write-tree)',
        '  c=$(git commit-tree "$tree" -p "$tip" -m race)',
        '  git update-ref refs/heads/perfgate-baselines "$c" "$tip"',
        '  rm -f "$GIT_INDEX_FILE"',
        'fi',
        'exit $rc',
        '',
      ].join('\n'),
    )
    await chmod(wrapper, 0o755)
    await writeFile(marker, '')
    const saved = { ...process.env }
    Object.assign(process.env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'remote.origin.uploadpack',
      GIT_CONFIG_VALUE_0: wrapper,
      GIT_AUTHOR_NAME: 'race',
      GIT_AUTHOR_EMAIL: 'race@example.com',
      GIT_COMMITTER_NAME: 'race',
      GIT_COMMITTER_EMAIL: 'race@example.com',
    })
    try {
      expect(await pruner.prune(2)).toEqual({ kept: 2, removed: 2 })
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    }
    await expect(access(marker)).rejects.toThrow() // the concurrent write did happen
    expect(logger.lines.some((line) => line.includes('stale info'))).toBe(true)
    expect((await store.list()).map((record) => record.commit)).toEqual([late, world.main[4]])
  })
})
