import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBaselineStore, gitFacts } from '../../../core/baseline/index.js'
import { isPerfgateError, type PerfgateError } from '../../../core/model/errors.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import {
  commit,
  gitConfig,
  isolateGit,
  makeReport,
  makeWorld,
  sh,
  snapshot,
  type World,
  writeRawFile,
} from './fixtures.js'

let home: string
beforeAll(async () => {
  home = await isolateGit()
})
afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

function storeFor(world: World, logger = createMemoryLogger()) {
  return createBaselineStore(gitConfig(world.project), { logger })
}

describe('git baseline store', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld(5)
  })
  afterAll(() => world.cleanup())

  it('saves a record on the orphan branch and reads it back', async () => {
    const store = storeFor(world)
    expect(store.describe()).toBe('git branch perfgate-baselines on origin')
    const [, , third] = world.main
    const saved = await store.save(makeReport(third))
    expect(saved.paths).toEqual([`runs/${third.slice(0, 2)}/${third}.json`])
    expect(saved.storeCommit).toMatch(/^[0-9a-f]{40}$/)
    // The record is on origin's branch, with no parent (an orphan branch) and perfgate as committer.
    const files = await sh(world.origin, ['ls-tree', '-r', '--name-only', 'perfgate-baselines'])
    expect(files.split('\n')).toEqual(saved.paths)
    expect(await sh(world.origin, ['log', '--format=%P|%cn', 'perfgate-baselines'])).toBe('|perfgate')
    const entry = await store.read(third)
    expect(entry?.commit).toBe(third)
    expect(entry?.reports[0].metrics[0].value).toBe(1000)
    expect(await store.read('HEAD')).toBeNull()
  })

  it('saves shards as separate files and reads them as one entry', async () => {
    const store = storeFor(world)
    const sha = world.main[1]
    const shards = [1, 2].map((index) => makeReport(sha, { shard: { index, total: 2 } }))
    const saved = await store.save(shards)
    expect(saved.paths).toEqual([
      `runs/${sha.slice(0, 2)}/${sha}.shard-1-of-2.json`,
      `runs/${sha.slice(0, 2)}/${sha}.shard-2-of-2.json`,
    ])
    const entry = await store.read(sha)
    expect(entry?.reports.map((report) => report.shard?.index)).toEqual([1, 2])
    // Saving the same record twice adds no commit.
    const tip = await sh(world.origin, ['rev-parse', 'perfgate-baselines'])
    expect((await store.save(shards)).storeCommit).toBe(tip)
  })

  it('refuses a report without a commit', async () => {
    const error = await storeFor(world)
      .save(makeReport(null))
      .catch((e: unknown) => e)
    expect(isPerfgateError(error) && error.code).toBe('BASELINE')
    expect((error as PerfgateError).message).toContain('no commit')
  })

  it('finds the merge-base record from a feature branch, with history', async () => {
    const store = storeFor(world)
    // Records for main 1, 2 (sharded, above), 3 (above) and 4; main 5 has none.
    await store.save([makeReport(world.main[0]), makeReport(world.main[3])])
    await sh(world.project, ['switch', '-q', '-c', 'feature', world.main[3]])
    await commit(world.project, 'feature work')
    const lookup = await store.lookup({ base: 'main' })
    expect(lookup.base).toBe('origin/main')
    expect(lookup.mergeBase).toBe(world.main[3])
    expect(lookup.baseline?.commit).toBe(world.main[3])
    expect(lookup.history.map((entry) => entry.commit)).toEqual([world.main[2], world.main[1], world.main[0]])
    expect(lookup.history[1].reports).toHaveLength(2)
    expect(lookup.stats?.fetchedBytes).toBeGreaterThan(0)
    expect(lookup.stats?.fetches).toBe(2) // the tip without blobs, then all the needed blobs at once
    expect((await store.lookup({ base: 'main', history: 1 })).history).toHaveLength(1)
    await sh(world.project, ['switch', '-q', 'main'])
  })

  it('walks first parents to the nearest record and uses the default branch', async () => {
    const store = storeFor(world)
    // HEAD is main 5, which has no record: the nearest first-parent ancestor with one is main 4.
    const lookup = await store.lookup()
    expect(lookup.base).toBe('origin/main')
    expect(lookup.mergeBase).toBe(world.main[4])
    expect(lookup.baseline?.commit).toBe(world.main[3])
  })

  it('works from a detached HEAD, and gitFacts reports the CI branch', async () => {
    await sh(world.project, ['switch', '-q', '--detach', world.main[2]])
    try {
      const lookup = await storeFor(world).lookup()
      expect(lookup.mergeBase).toBe(world.main[2])
      expect(lookup.baseline?.commit).toBe(world.main[2])
      expect(await gitFacts(world.project)).toEqual({
        commit: world.main[2],
        branch: null,
        root: world.project,
      })
      process.env.GITHUB_HEAD_REF = 'feature/x'
      expect((await gitFacts(world.project)).branch).toBe('feature/x')
    } finally {
      delete process.env.GITHUB_HEAD_REF
      await sh(world.project, ['switch', '-q', 'main'])
    }
  })

  it('leaves the work tree, index, HEAD, branches, stash and config as they were', async () => {
    await writeFile(join(world.project, 'dirty.txt'), 'uncommitted\n')
    await writeFile(join(world.project, 'staged.txt'), 'staged\n')
    await sh(world.project, ['add', 'staged.txt'])
    await writeFile(join(world.project, 'stashed.txt'), 'stash me\n')
    await sh(world.project, ['add', 'stashed.txt'])
    await sh(world.project, ['stash', 'push', '-q', '-m', 'keep', '--', 'stashed.txt'])
    const before = await snapshot(world.project)
    const store = storeFor(world)
    await store.save(makeReport(world.main[4]))
    await store.lookup()
    await store.list()
    await store.read(world.main[4])
    expect(await snapshot(world.project)).toEqual(before)
    expect(before.status).toContain('A  staged.txt')
    expect(before.stash).toContain('keep')
  })

  it('warns about a corrupt record or an unknown schemaVersion and treats it as missing', async () => {
    const logger = createMemoryLogger()
    const store = storeFor(world, logger)
    const [first, , , fourth, fifth] = world.main
    const path = (sha: string) => `runs/${sha.slice(0, 2)}/${sha}.json`
    await writeRawFile(world.origin, 'perfgate-baselines', path(fifth), '{ not json')
    await writeRawFile(
      world.origin,
      'perfgate-baselines',
      path(fourth),
      JSON.stringify({ ...makeReport(fourth), schemaVersion: 2 }),
    )
    const lookup = await store.lookup({ history: 2 })
    // main 5 and main 4 are unreadable: the baseline falls back to main 3.
    expect(lookup.baseline?.commit).toBe(world.main[2])
    expect(lookup.history.map((entry) => entry.commit)).toEqual([world.main[1], first])
    const warnings = logger.lines.filter((line) => line.startsWith('warn'))
    expect(warnings).toHaveLength(2)
    expect(warnings.find((line) => line.includes(path(fifth)))).toContain('invalid JSON')
    expect(warnings.find((line) => line.includes(path(fourth)))).toContain('unknown schemaVersion 2')
    expect(await store.read(fifth)).toBeNull()
  })

  it('lists records newest first', async () => {
    const listed = await storeFor(world).list()
    expect(listed.map((record) => record.commit)).toEqual([...world.main].reverse())
    expect(listed[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(listed.find((record) => record.commit === world.main[1])?.paths).toHaveLength(2)
  })
})

describe('git baseline store without a usable remote', () => {
  it('returns a reason outside a repository, and gitFacts is all null', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-norepo-'))
    try {
      const store = createBaselineStore(gitConfig(dir), { logger: createMemoryLogger() })
      const lookup = await store.lookup()
      expect(lookup.baseline).toBeNull()
      expect(lookup.reason).toContain('not a git repository')
      expect(await gitFacts(dir)).toEqual({ commit: null, branch: null, root: null })
      expect(await gitFacts(join(dir, 'missing'))).toEqual({ commit: null, branch: null, root: null })
      const error = await store.save(makeReport('a'.repeat(40))).catch((e: unknown) => e)
      expect(isPerfgateError(error) && error.code).toBe('BASELINE')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('returns a reason without a remote, and when the branch has no records yet', async () => {
    const world = await makeWorld(2)
    try {
      const store = createBaselineStore(gitConfig(world.project, { remote: 'upstream' }), {
        logger: createMemoryLogger(),
      })
      const lookup = await store.lookup()
      expect(lookup.baseline).toBeNull()
      expect(lookup.reason).toContain('no git remote "upstream"')
      const empty = await storeFor(world).lookup()
      expect(empty.baseline).toBeNull()
      expect(empty.mergeBase).toBe(world.main[1])
      expect(empty.reason).toContain('no baseline records yet')
      expect(await storeFor(world).list()).toEqual([])
      expect(await storeFor(world).prune(3)).toEqual({ kept: 0, removed: 0 })
    } finally {
      await world.cleanup()
    }
  })

  it('falls back to a shallow fetch with blobs when the remote refuses blob filters', async () => {
    const world = await makeWorld(2)
    try {
      await sh(world.origin, ['config', 'uploadpack.allowFilter', 'false'])
      const logger = createMemoryLogger()
      const store = createBaselineStore(gitConfig(world.project), { logger })
      await store.save(makeReport(world.main[0]))
      const lookup = await store.lookup()
      expect(lookup.baseline?.commit).toBe(world.main[0])
      expect(lookup.stats?.fetches).toBe(1) // the blobs came with the tip: no second fetch
      expect(logger.lines.some((line) => line.includes('does not support blob filters'))).toBe(true)
    } finally {
      await world.cleanup()
    }
  })

  it('throws BASELINE with the hook message and a permissions hint when the push is refused', async () => {
    const world = await makeWorld(1)
    try {
      const hook = join(world.origin, 'hooks', 'pre-receive')
      await writeFile(hook, '#!/bin/sh\necho "branch perfgate-baselines is protected" >&2\nexit 1\n')
      await chmod(hook, 0o755)
      const error = await storeFor(world)
        .save(makeReport(world.main[0]))
        .catch((e: unknown) => e)
      expect(isPerfgateError(error) && error.code).toBe('BASELINE')
      expect((error as PerfgateError).message).toContain('branch perfgate-baselines is protected')
      expect((error as PerfgateError).message).toContain('pre-receive hook declined')
      expect((error as PerfgateError).hint).toContain('contents: write')
    } finally {
      await world.cleanup()
    }
  })
})
