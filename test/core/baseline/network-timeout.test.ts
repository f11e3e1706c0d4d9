import { readdirSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runGit } from '../../../core/baseline/git.js'
import { GitBaselineStore } from '../../../core/baseline/git-store.js'
import { isBaselineLookupError } from '../../../core/baseline/index.js'
import { isNetworkTimeout, networkTimeoutMs } from '../../../core/model/network-timeout.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { hangingSsh } from '../../helpers/hanging-remote.js'
import { diesWithin } from '../../helpers/process.js'
import { isolateGit, makeReport, makeWorld, sh, type World } from './fixtures.js'

/**
 * Issue 24, break 2: a remote that never answers hung baseline lookup and save forever. Every git command
 * that may talk to the remote now has a limit (PERFGATE_NETWORK_TIMEOUT); past it git's whole process
 * group is killed and the error names the operation, the remote and the fix. Real repositories, a real
 * ssh command that hangs.
 */

let home: string
let world: World
let hang: ReturnType<typeof hangingSsh>

beforeAll(async () => {
  home = await isolateGit()
  world = await makeWorld(2)
  hang = hangingSsh(world.dir)
  await sh(world.project, ['config', 'core.sshCommand', hang.command])
  process.env.PERFGATE_NETWORK_TIMEOUT = '1000'
})
afterEach(async () => {
  // Nothing the hanging remote started outlives the call that gave up on it.
  for (const pid of hang.pids()) expect(await diesWithin(pid, 2000), `pid ${pid}`).toBe(true)
  await sh(world.project, ['remote', 'set-url', 'origin', world.originUrl])
  await sh(world.project, ['config', '--unset-all', 'remote.origin.pushurl']).catch(() => '')
})
afterAll(async () => {
  delete process.env.PERFGATE_NETWORK_TIMEOUT
  await world?.cleanup()
  await rm(home, { recursive: true, force: true })
})

function store() {
  const logger = createMemoryLogger()
  return {
    logger,
    store: new GitBaselineStore({
      branch: 'perfgate-baselines',
      remote: 'origin',
      base: null,
      cwd: world.project,
      logger,
    }),
  }
}

const scratchDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('perfgate-store-'))

describe('network timeouts of the git baseline store', { timeout: 20_000 }, () => {
  it('PERFGATE_NETWORK_TIMEOUT is read in milliseconds; anything but a positive number keeps the default', () => {
    expect(networkTimeoutMs({})).toBe(120_000)
    expect(networkTimeoutMs({ PERFGATE_NETWORK_TIMEOUT: '2500' })).toBe(2500)
    expect(networkTimeoutMs({ PERFGATE_NETWORK_TIMEOUT: '0' })).toBe(120_000)
    expect(networkTimeoutMs({ PERFGATE_NETWORK_TIMEOUT: 'soon' })).toBe(120_000)
    expect(networkTimeoutMs({}, 30_000)).toBe(30_000)
  })

  it('runGit kills a hung fetch with its process group and names what it was doing', async () => {
    await sh(world.project, ['remote', 'set-url', 'origin', hang.url])
    const started = Date.now()
    const error = await runGit(['fetch', 'origin'], {
      cwd: world.project,
      network: { what: `git fetch from origin (${hang.url})`, timeoutMs: 800 },
    }).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(isNetworkTimeout(error)).toBe(true)
    expect((error as Error).message).toBe(
      'git fetch from origin (ssh://***@example.invalid/never-answers.git): no answer within 0.8 s, stopped.',
    )
    expect((error as { hint: string }).hint).toContain('PERFGATE_NETWORK_TIMEOUT=<milliseconds> (now 800)')
    expect(hang.pids().length).toBeGreaterThan(0) // the ssh command did run, and hung
  })

  it('a lookup whose fetch hangs is `unreachable`, naming the remote, the operation and the fix; thrown when required', async () => {
    await sh(world.project, ['remote', 'set-url', 'origin', hang.url])
    const before = scratchDirs()
    const { store: s } = store()
    const started = Date.now()
    const lookup = await s.lookup({ base: 'main' })
    expect(Date.now() - started).toBeLessThan(8000)
    expect(lookup.baseline).toBeNull()
    expect(lookup.failure?.kind).toBe('unreachable')
    expect(lookup.failure?.message).toBe(
      'No baseline could be read: git fetch of branch perfgate-baselines from origin (ssh://***@example.invalid/never-answers.git): no answer within 1 s, stopped.',
    )
    expect(lookup.failure?.hint).toContain('PERFGATE_NETWORK_TIMEOUT=<milliseconds> (now 1000)')
    const required = await s.lookup({ base: 'main', required: true }).catch((e: unknown) => e)
    expect(isBaselineLookupError(required) && required.kind).toBe('unreachable')
    expect(scratchDirs()).toEqual(before) // the scratch repositories were removed
  })

  it('so is a lookup whose merge-base fetch (of a base branch not fetched yet) hangs', async () => {
    await sh(world.project, ['remote', 'set-url', 'origin', hang.url])
    await sh(world.project, ['update-ref', '-d', 'refs/remotes/origin/main'])
    try {
      const { store: s } = store()
      const lookup = await s.lookup({ base: 'main' })
      expect(lookup.failure?.kind).toBe('unreachable')
      expect(lookup.failure?.message).toMatch(
        /^No baseline could be read: git fetch .*\(to find the merge-base\) from remote "origin": no answer within 1 s, stopped\.$/,
      )
      expect(lookup.failure?.hint).toContain('PERFGATE_NETWORK_TIMEOUT')
    } finally {
      await sh(world.project, ['remote', 'set-url', 'origin', world.originUrl])
      await sh(world.project, ['fetch', '-q', 'origin'])
    }
  })

  it('a save whose push hangs fails naming the push URL; the fetch of the same remote still works', async () => {
    await sh(world.project, ['remote', 'set-url', '--push', 'origin', hang.url])
    const { store: s } = store()
    const started = Date.now()
    const error = await s.save(makeReport(world.main[1]!)).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(8000)
    expect(isNetworkTimeout(error)).toBe(true)
    expect((error as Error).message).toBe(
      'git push to branch perfgate-baselines of origin (ssh://***@example.invalid/never-answers.git): no answer within 1 s, stopped.',
    )
  })
})
