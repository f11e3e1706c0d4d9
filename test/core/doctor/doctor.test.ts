import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type AddressInfo, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { builtinRegistry } from '../../../core/cli/registry.js'
import { runDoctor } from '../../../core/doctor/index.js'
import { CLI } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'
import { runWithoutChrome } from './hide-chrome.js'

let world: World

function doctor(cwd = world.project, env: NodeJS.ProcessEnv = {}) {
  return runProcess(process.execPath, [CLI, 'doctor'], { cwd, env: { ...process.env, CI: 'true', ...env } })
}

/** The printed line of one check: `ok    remote  origin (…) reachable …`. */
function line(stdout: string, name: string): string {
  const found = stdout.split('\n').find((l) => new RegExp(`^\\S+\\s+${name}\\s`).test(l))
  if (!found) throw new Error(`no "${name}" line in:\n${stdout}`)
  return found
}

const writeConfig = (config: unknown, dir = world.project) =>
  writeFileSync(join(dir, 'perfgate.config.json'), JSON.stringify(config))

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(2)
})
afterAll(() => world.cleanup())
beforeEach(async () => {
  writeConfig({ plugins: ['host'] })
  await sh(world.project, ['remote', 'set-url', 'origin', world.originUrl])
  await sh(world.project, ['config', '--unset-all', 'remote.origin.pushurl']).catch(() => {})
})

describe('perfgate doctor', { timeout: 30_000 }, () => {
  it('passes every check in a clone that can push, and changes nothing on the remote', async () => {
    const before = await sh(world.origin, ['for-each-ref'])
    const localBefore = await sh(world.project, ['for-each-ref'])
    const { code, stdout } = await doctor()
    expect(code).toBe(0)
    for (const name of ['node', 'config', 'git', 'repository', 'remote', 'push', 'chrome', 'output'])
      expect(line(stdout, name)).toMatch(/^(ok|skip)\s/)
    expect(line(stdout, 'node')).toContain(`v${process.versions.node} (perfgate needs >=`)
    expect(line(stdout, 'config')).toContain('perfgate.config.json: 1 plugin (host)')
    expect(line(stdout, 'repository')).toContain('(main at ')
    expect(line(stdout, 'remote')).toContain('baselines branch perfgate-baselines not created yet')
    expect(line(stdout, 'push')).toContain('dry run; nothing was pushed')
    expect(line(stdout, 'output')).toContain('.perfgate can be created')
    expect(stdout.trim().split('\n')).toHaveLength(8) // one line per check
    expect(await sh(world.origin, ['for-each-ref'])).toBe(before)
    expect(await sh(world.project, ['for-each-ref'])).toBe(localBefore)
  })

  it('sees the baselines branch once it exists', async () => {
    await sh(world.project, ['push', '-q', 'origin', 'main:refs/heads/perfgate-baselines'])
    const { stdout } = await doctor()
    expect(line(stdout, 'remote')).toContain('baselines branch perfgate-baselines exists')
    await sh(world.project, ['push', '-q', 'origin', ':refs/heads/perfgate-baselines'])
  })

  it('exits 3 when pushing is refused, saying what to grant', async () => {
    await sh(world.project, ['remote', 'set-url', '--push', 'origin', join(world.dir, 'no-such-origin.git')])
    const { code, stdout } = await doctor()
    expect(code).toBe(3)
    expect(line(stdout, 'remote')).toMatch(/^ok\s/) // fetching still works
    expect(line(stdout, 'push')).toMatch(
      /^FIX\s+push\s+cannot push to origin .*→ .*permissions: contents: write/,
    )
  })

  it('exits 3 on a missing or unreachable remote', async () => {
    await sh(world.project, ['remote', 'rename', 'origin', 'upstream'])
    try {
      const missing = await doctor()
      expect(missing.code).toBe(3)
      expect(line(missing.stdout, 'remote')).toContain(
        'no remote "origin" → add it (`git remote add origin <url>`)',
      )
      expect(line(missing.stdout, 'push')).toMatch(/^skip\s+push\s+needs the remote/)
    } finally {
      await sh(world.project, ['remote', 'rename', 'upstream', 'origin'])
    }
    const port = await closedPort()
    await sh(world.project, ['remote', 'set-url', 'origin', `http://127.0.0.1:${port}/repo.git`])
    const unreachable = await doctor()
    expect(unreachable.code).toBe(3)
    expect(line(unreachable.stdout, 'remote')).toMatch(
      new RegExp(
        `^FIX\\s+remote\\s+cannot reach origin \\(http://127.0.0.1:${port}/repo.git\\): .*→ check the URL`,
      ),
    )
  })

  it('gives up on a remote that never answers, saying it timed out', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => sockets.push(socket)) // accepts, never replies
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    try {
      await sh(world.project, ['remote', 'set-url', 'origin', `http://127.0.0.1:${port}/repo.git`])
      const started = Date.now()
      const { checks, exitCode } = await runDoctor({
        cwd: world.project,
        registry: builtinRegistry,
        remoteTimeoutMs: 1500,
      })
      expect(Date.now() - started).toBeLessThan(10_000)
      expect(exitCode).toBe(3)
      expect(checks.find((c) => c.name === 'remote')).toMatchObject({
        status: 'fail',
        message: `cannot reach origin (http://127.0.0.1:${port}/repo.git): timed out (no answer within 1500 ms; PERFGATE_NETWORK_TIMEOUT raises the limit)`,
      })
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })

  it('exits 2 when the config is missing, broken or measures nothing', async () => {
    rmSync(join(world.project, 'perfgate.config.json'))
    const none = await doctor()
    expect(none.code).toBe(2)
    expect(line(none.stdout, 'config')).toMatch(
      /^FIX\s+config\s+No perfgate config found: .*→ Run `perfgate init`/,
    )
    expect(line(none.stdout, 'remote')).toMatch(/^ok\s/) // the rest is still checked

    writeConfig({ plugins: ['host'], failOn: 'sometimes' })
    const broken = await doctor()
    expect(broken.code).toBe(2)
    expect(line(broken.stdout, 'config')).toMatch(
      /^FIX\s+config\s+Invalid config in perfgate.config.json: failOn:/,
    )

    writeConfig({})
    const empty = await doctor()
    expect(empty.code).toBe(2)
    expect(line(empty.stdout, 'config')).toContain('measures nothing (no plugins)')
  })

  it('exits 3 outside a git repository and when the output folder cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-doctor-'))
    try {
      writeFileSync(join(dir, 'a-file'), '')
      writeConfig({ plugins: ['host'], outDir: 'a-file/reports' }, dir)
      const { code, stdout } = await doctor(dir)
      expect(code).toBe(3)
      expect(line(stdout, 'repository')).toMatch(/^FIX\s+repository\s+.* is not in a git repository/)
      expect(line(stdout, 'output')).toMatch(
        /^FIX\s+output\s+cannot create a-file\/reports: .*a-file is a file/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('fails the Chrome check only when the config has a Lighthouse plugin, naming the install command', async () => {
    const noChrome = { CHROME_PATH: join(world.dir, 'no-chrome') }
    const host = await doctor(world.project, noChrome)
    expect(host.code).toBe(0)
    expect(line(host.stdout, 'chrome')).toMatch(/^skip\s+chrome\s+not found, and not needed/)

    writeConfig({ plugins: [['lighthouse', { staticDistDir: 'dist' }]] })
    const lighthouse = await doctor(world.project, noChrome)
    expect(lighthouse.code).toBe(3)
    expect(line(lighthouse.stdout, 'chrome')).toMatch(
      /^FIX\s+chrome\s+Lighthouse needs Chrome: .*no-chrome .*→ install it: `apt-get install chromium`/,
    )
    // A machine with no Chrome at all (hidden in a private mount namespace), CHROME_PATH unset.
    const fresh = await runWithoutChrome(process.execPath, [CLI, 'doctor'], {
      cwd: world.project,
      env: { ...process.env, CI: 'true' },
    })
    expect(fresh.code).toBe(3)
    expect(line(fresh.stdout, 'chrome')).toMatch(
      /^FIX\s+chrome\s+Lighthouse needs Chrome: no Chrome or Chromium is installed .*→ install it: `apt-get install chromium`/,
    )
    const found = await doctor()
    expect(line(found.stdout, 'chrome')).toMatch(/^ok\s+chrome\s+\S*(Chromium|Chrome) \d+.*\(\/.+\)$/)
  })

  it('says a fresh repository needs a first commit before a baseline can be pushed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-doctor-'))
    try {
      await sh(dir, ['init', '-q', '-b', 'main'])
      await sh(dir, ['remote', 'add', 'origin', world.originUrl])
      writeConfig({ plugins: ['host'] }, dir)
      const { code, stdout } = await doctor(dir)
      expect(code).toBe(0) // a warning, not a failure
      expect(line(stdout, 'repository')).toMatch(/^warn\s+repository\s+.* has no commit yet → commit once/)
      expect(line(stdout, 'push')).toMatch(/^skip\s+push\s+needs a commit/)
      await commit(dir, 'first')
      expect((await doctor(dir)).code).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** A port nothing listens on: bound, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
