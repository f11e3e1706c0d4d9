import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FolderBaselineStore } from '../../../core/baseline/folder-store.js'
import { GitBaselineStore } from '../../../core/baseline/git-store.js'
import {
  type BaselineLookupError,
  createBaselineStore,
  isBaselineLookupError,
} from '../../../core/baseline/index.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { resetRedactor } from '../../../core/security/redact.js'
import { makeMetric } from '../../helpers/reports.js'
import { commit, gitConfig, isolateGit, makeReport, makeWorld, sh, type World } from './fixtures.js'

/**
 * No silent passes in the store: oversized records are skipped for the next ancestor, an unknown base
 * is a usage error, an unreachable remote is a typed failure (thrown when required), and what is saved
 * is redacted.
 */

let home: string
beforeAll(async () => {
  home = await isolateGit()
})
afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

function gitStore(world: World, options: { maxRecordBytes?: number; base?: string | null } = {}) {
  const logger = createMemoryLogger()
  const store = new GitBaselineStore({
    branch: 'perfgate-baselines',
    remote: 'origin',
    base: options.base ?? null,
    cwd: world.project,
    logger,
    maxRecordBytes: options.maxRecordBytes,
  })
  return { store, logger }
}

/** A valid report padded to roughly `bytes` with a long metric title. */
function bigReport(sha: string, bytes: number) {
  return makeReport(sha, {
    metrics: [makeMetric('bundle/initial-js/brotli', 2000, { title: 'x'.repeat(bytes) })],
  })
}

describe('record size cap', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld(4)
  })
  afterAll(() => world.cleanup())

  it('skips an oversized record with a warning and compares with the next ancestor (git store)', async () => {
    const [, second, , fourth] = world.main
    const { store: writer } = gitStore(world)
    await writer.save(makeReport(second))
    await writer.save(bigReport(fourth!, 200_000))
    const { store, logger } = gitStore(world, { maxRecordBytes: 100_000 })
    const lookup = await store.lookup({ history: 0 })
    expect(lookup.baseline?.commit).toBe(second)
    expect(lookup.failure).toBeUndefined()
    expect(logger.lines.join('\n')).toMatch(/0\.2 MB is over the 0\.1 MB limit.*next ancestor/)
    // Without the cap, the big record is the baseline: the cap is what skipped it.
    expect((await gitStore(world).store.lookup({ history: 0 })).baseline?.commit).toBe(fourth)
  })

  it('reports `unreadable` (thrown when required) when every candidate is over the cap', async () => {
    const { store } = gitStore(world, { maxRecordBytes: 10 })
    const lookup = await store.lookup()
    expect(lookup.baseline).toBeNull()
    expect(lookup.failure?.kind).toBe('unreadable')
    const error = await store.lookup({ required: true }).catch((e: unknown) => e)
    expect(isBaselineLookupError(error) && error.kind).toBe('unreadable')
    expect((error as BaselineLookupError).exitCode).toBe(3)
  })

  it('applies the same cap in the folder store', async () => {
    const dir = `${world.dir}/folder-store`
    const logger = createMemoryLogger()
    const options = { dir, remote: 'origin', base: null, cwd: world.project, logger }
    const [first, , third] = world.main
    await new FolderBaselineStore(options).save([makeReport(first!), bigReport(third!, 50_000)])
    const lookup = await new FolderBaselineStore({ ...options, maxRecordBytes: 20_000 }).lookup({
      history: 0,
    })
    expect(lookup.baseline?.commit).toBe(first)
    expect(logger.lines.join('\n')).toContain('over the')
  })
})

describe('lookup failures are typed', () => {
  let world: World
  const savedBaseRef = process.env.GITHUB_BASE_REF
  beforeAll(async () => {
    world = await makeWorld(2)
  })
  afterAll(async () => {
    if (savedBaseRef === undefined) delete process.env.GITHUB_BASE_REF
    else process.env.GITHUB_BASE_REF = savedBaseRef
    await world.cleanup()
  })

  it('--base, baseline.base or GITHUB_BASE_REF naming no ref is a usage error (exit 2)', async () => {
    const { store } = gitStore(world)
    const byFlag = await store.lookup({ base: 'no-such-branch' }).catch((e: unknown) => e)
    expect(isBaselineLookupError(byFlag) && byFlag.kind).toBe('unknown-base')
    expect((byFlag as BaselineLookupError).exitCode).toBe(2)
    expect((byFlag as Error).message).toContain('"no-such-branch" not found')
    expect((byFlag as BaselineLookupError).hint).toContain('--base')

    const byConfig = await gitStore(world, { base: 'nope' })
      .store.lookup()
      .catch((e: unknown) => e)
    expect((byConfig as BaselineLookupError).hint).toContain('baseline.base')

    process.env.GITHUB_BASE_REF = 'gone-branch'
    const byEnv = await store.lookup().catch((e: unknown) => e)
    delete process.env.GITHUB_BASE_REF
    expect(isBaselineLookupError(byEnv) && byEnv.kind).toBe('unknown-base')
    expect((byEnv as BaselineLookupError).hint).toContain('GITHUB_BASE_REF')
  })

  it('an existing base with no record yet is no failure: one reason, nothing thrown even when required', async () => {
    const lookup = await gitStore(world).store.lookup({ base: 'main', required: true })
    expect(lookup.baseline).toBeNull()
    expect(lookup.failure).toBeUndefined()
    expect(lookup.reason).toContain('no baseline records yet')
  })

  it('an unreachable remote is `unreachable`: returned, or thrown when required', async () => {
    await sh(world.project, ['remote', 'set-url', 'origin', `file://${world.dir}/no-such-remote.git`])
    try {
      const { store } = gitStore(world)
      const lookup = await store.lookup({ base: 'main' })
      expect(lookup.baseline).toBeNull()
      expect(lookup.failure?.kind).toBe('unreachable')
      expect(lookup.reason).toContain('cannot fetch branch perfgate-baselines')
      const error = await store.lookup({ base: 'main', required: true }).catch((e: unknown) => e)
      expect(isBaselineLookupError(error) && error.kind).toBe('unreachable')
      // No remote at all: a failure too, not "no record yet".
      const noRemote = createBaselineStore(gitConfig(world.project, { remote: 'upstream' }), {
        logger: createMemoryLogger(),
      })
      expect((await noRemote.lookup()).failure?.kind).toBe('failed')
    } finally {
      await sh(world.project, ['remote', 'set-url', 'origin', world.originUrl])
    }
  })
})

describe('saving redacts', () => {
  it('pushes no known secret to the baselines branch', async () => {
    const world = await makeWorld(1)
    const saved = process.env.GITHUB_TOKEN
    process.env.GITHUB_TOKEN = 'ghs_storeTestToken0123456789'
    resetRedactor()
    try {
      const sha = await commit(world.project, 'measured')
      await sh(world.project, ['push', '-q', 'origin', 'HEAD:main'])
      const report = makeReport(sha, {
        metrics: [makeMetric('bundle/a', 1, { title: 'leak ghs_storeTestToken0123456789' })],
        findings: [
          {
            plugin: 'perfgate:bundle',
            ruleId: 'r',
            severity: 'info',
            message: 'ghs_storeTestToken0123456789',
          },
        ],
      })
      await gitStore(world).store.save(report)
      const objects = await sh(world.origin, ['cat-file', '--batch-all-objects', '--batch-check'])
      const contents = await Promise.all(
        objects
          .split('\n')
          .map((line) => line.split(' ')[0]!)
          .map((oid) => sh(world.origin, ['cat-file', '-p', oid])),
      )
      expect(contents.join('\n')).toContain('leak ***')
      expect(contents.join('\n')).not.toContain('ghs_storeTestToken0123456789')
    } finally {
      if (saved === undefined) delete process.env.GITHUB_TOKEN
      else process.env.GITHUB_TOKEN = saved
      resetRedactor()
      await world.cleanup()
    }
  })
})

describe('an aborted lookup', () => {
  it('stops the running git fetch on a remote that never answers, and leaves no scratch repository', async () => {
    const { createServer } = await import('node:net')
    const { readdirSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const sockets: import('node:net').Socket[] = []
    const server = createServer((socket) => {
      sockets.push(socket)
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const world = await makeWorld(1)
    const { port } = server.address() as import('node:net').AddressInfo
    await sh(world.project, ['remote', 'set-url', 'origin', `http://127.0.0.1:${port}/slow.git`])
    const scratch = () => readdirSync(tmpdir()).filter((n) => n.startsWith('perfgate-store-')).length
    const before = scratch()
    try {
      const controller = new AbortController()
      const { store } = gitStore(world)
      setTimeout(() => controller.abort(new Error('SIGINT')), 500)
      const started = performance.now()
      const lookup = await store.lookup({ base: 'main', signal: controller.signal })
      expect(performance.now() - started).toBeLessThan(3000)
      expect(lookup.baseline).toBeNull()
      expect(lookup.failure?.kind).toBe('failed')
      expect(scratch()).toBeLessThanOrEqual(before)
    } finally {
      for (const s of sockets) s.destroy()
      server.close()
      await world.cleanup()
    }
  })
})
