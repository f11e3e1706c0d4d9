import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { hangingSsh } from '../../helpers/hanging-remote.js'
import { CLI } from '../../helpers/paths.js'
import { diesWithin } from '../../helpers/process.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'

/**
 * Issue 24, break 2, through the CLI: a baseline remote that never answers (an ssh command that sleeps)
 * no longer hangs `perfgate run` or `history --publish`. After PERFGATE_NETWORK_TIMEOUT the message names
 * the remote, the operation and the fix; `baseline.required` / `--require-baseline` decide between exit 3
 * and a warning; no process is left behind.
 */

const CONFIG = `export default {
  plugins: [{ name: 'perfgate:fake', collect: () => ({
    metrics: [{ id: 'fake/size', title: 'Size', unit: 'bytes', better: 'lower', value: 1000 }],
  }) }],
  baseline: { required: process.env.REQUIRED === '1' },
}
`

let home: string
let world: World
let hang: ReturnType<typeof hangingSsh>

function perfgate(args: string[], env: Record<string, string> = {}) {
  const started = Date.now()
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: world.project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', GITHUB_ACTIONS: '', PERFGATE_NETWORK_TIMEOUT: '1500', ...env },
    timeout: 30_000, // the test fails rather than hangs when a timeout is missing
  })
  return { code: result.status, stderr: result.stderr, ms: Date.now() - started }
}

const WHERE = 'origin (ssh://***@example.invalid/never-answers.git)'
const FIX = 'allow more time with PERFGATE_NETWORK_TIMEOUT=<milliseconds> (now 1500)'

beforeAll(async () => {
  home = await isolateGit()
  world = await makeWorld(2)
  hang = hangingSsh(world.dir)
  writeFileSync(join(world.project, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(world.project, '.gitignore'), '.perfgate/\n')
  await sh(world.project, ['add', '.'])
  await commit(world.project, 'add perfgate')
  await sh(world.project, ['push', '-q', 'origin', 'main'])
  await sh(world.project, ['config', 'core.sshCommand', hang.command])
})
afterEach(async () => {
  for (const pid of hang.pids()) expect(await diesWithin(pid, 2000), `pid ${pid} left running`).toBe(true)
  await sh(world.project, ['remote', 'set-url', 'origin', world.originUrl])
  await sh(world.project, ['config', '--unset-all', 'remote.origin.pushurl']).catch(() => '')
})
afterAll(async () => {
  await world?.cleanup()
  await rm(home, { recursive: true, force: true })
})

describe('a baseline remote that never answers (child process)', { timeout: 60_000 }, () => {
  it('run: a loud warning naming the remote, the fetch and the fix, then the report (exit 0)', () => {
    hangRemote('fetch')
    const { code, stderr, ms } = perfgate(['run'])
    expect(ms).toBeLessThan(15_000)
    expect(code).toBe(0)
    expect(stderr).toContain(
      `warn  Baseline lookup failed, comparison skipped: No baseline could be read: git fetch of branch perfgate-baselines from ${WHERE}: no answer within 1.5 s, stopped.`,
    )
    expect(stderr).toContain(FIX)
    expect(stderr).toContain('Set baseline.required: true (or pass --require-baseline)')
    expect(existsSync(join(world.project, '.perfgate/report.json'))).toBe(true)
  })

  it('run --require-baseline, or baseline.required in the config: exit 3, with the same message', () => {
    hangRemote('fetch')
    for (const [args, env] of [
      [['run', '--require-baseline'], {}],
      [['run'], { REQUIRED: '1' }],
    ] as const) {
      const { code, stderr, ms } = perfgate([...args], env)
      expect(ms).toBeLessThan(15_000)
      expect(code, args.join(' ')).toBe(3)
      expect(stderr).toContain(
        `error Baseline lookup failed, and baseline.required is set: No baseline could be read: git fetch of branch perfgate-baselines from ${WHERE}`,
      )
      expect(stderr).toContain(FIX)
    }
  })

  it('run --save-baseline and history --publish: a push that hangs fails (exit 3) naming the push', () => {
    hangRemote('push')
    for (const [args, branch] of [
      [['run', '--save-baseline', '--no-compare'], 'perfgate-baselines'],
      [['history', '--publish', 'gh-pages'], 'gh-pages'],
    ] as const) {
      const pushed = perfgate([...args])
      expect(pushed.ms).toBeLessThan(15_000)
      expect(pushed.code).toBe(3)
      expect(pushed.stderr).toContain(
        `git push to branch ${branch} of ${WHERE}: no answer within 1.5 s, stopped.`,
      )
      expect(pushed.stderr).toContain(FIX)
    }
  })
})

/** Makes the remote hang for fetches (and so for everything), or for pushes only. */
function hangRemote(what: 'fetch' | 'push'): void {
  const args =
    what === 'fetch'
      ? ['remote', 'set-url', 'origin', hang.url]
      : ['remote', 'set-url', '--push', 'origin', hang.url]
  const result = spawnSync('git', args, { cwd: world.project, env: process.env })
  expect(result.status).toBe(0)
}
