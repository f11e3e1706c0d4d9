import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI, fixture, tempDir } from '../../helpers/paths.js'
import { diesWithin, isAlive } from '../../helpers/process.js'

/**
 * Interrupts as GitHub and people send them: SIGINT then SIGTERM (here 20 ms apart), SIGKILL of perfgate
 * itself, and Ctrl-C while a baseline lookup waits on a slow remote. After each, the processes perfgate
 * started and the temp folders it made are counted: none may remain.
 */

const cleanups: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

interface Started {
  cli: ChildProcess
  mark: string
  tmp: string
  out: string
  stderr: () => string
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
}

function start(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Started {
  const { dir, cleanup } = tempDir('perfgate-interrupt-')
  cleanups.push(cleanup)
  const tmp = join(dir, 'tmp')
  mkdirSync(tmp)
  const mark = randomUUID()
  const out = join(dir, 'out')
  const cli = spawn(process.execPath, [CLI, 'run', '--out', out, ...args], {
    cwd,
    env: {
      ...process.env,
      CI: 'true',
      TMPDIR: tmp,
      PERFGATE_TEST_MARK: mark,
      PID_FILE: join(dir, 'pids.json'),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  cli.stderr!.on('data', (d) => {
    stderr += d
  })
  cli.stdout!.resume()
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    cli.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  )
  cleanups.push(() => {
    if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL')
    for (const pid of marked(mark)) process.kill(pid, 'SIGKILL')
  })
  return { cli, mark, tmp, out, stderr: () => stderr, exit }
}

/** Live processes whose environment carries the test's mark: everything perfgate started (git, plugin children). */
function marked(mark: string): number[] {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(`PERFGATE_TEST_MARK=${mark}`))
        if (isAlive(Number(name))) pids.push(Number(name))
    } catch {
      // gone, or not ours to read
    }
  }
  return pids.filter((pid) => pid !== process.pid)
}

/** The watchdog of one perfgate process, if it is alive. */
function watchdogOf(cliPid: number): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0')
      if (args.includes('perfgate-watchdog') && args.includes(String(cliPid)) && isAlive(Number(name)))
        return Number(name)
    } catch {
      // gone
    }
  }
  return null
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function allGone(mark: string, ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms
  let left = marked(mark)
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    left = marked(mark)
  }
  return left
}

function pidsOf(run: Started): Record<string, number> {
  const file = join(run.out, '..', 'pids.json')
  return JSON.parse(readFileSync(file, 'utf8'))
}

describe('interrupts', { timeout: 60_000 }, () => {
  it('SIGINT then SIGTERM 20 ms later: a partial report, exit 130, no process and no temp folder left', async () => {
    const run = start(fixture('hostile-interrupt'), ['--no-compare'])
    await until(() => existsSync(join(run.out, '..', 'pids.json')))
    const pids = pidsOf(run)
    expect(Object.values(pids).every(isAlive)).toBe(true)
    const sent = performance.now()
    run.cli.kill('SIGINT')
    await new Promise((resolve) => setTimeout(resolve, 20))
    run.cli.kill('SIGTERM')
    const { code, at } = await run.exit
    expect(code).toBe(130)
    // The second signal kills the children at once: no 2 s wait for the one that ignores SIGTERM.
    expect(at - sent).toBeLessThan(1500)
    const report = JSON.parse(readFileSync(join(run.out, 'report.json'), 'utf8'))
    expect(report.plugins.map((p: { status: string }) => p.status)).toEqual(['ok', 'failed', 'skipped'])
    expect(run.stderr()).toContain('still writing the partial report')
    for (const pid of Object.values(pids)) expect(await diesWithin(pid), `pid ${pid}`).toBe(true)
    expect(await allGone(run.mark)).toEqual([])
    expect(readdirSync(run.tmp)).toEqual([])
    expect(await diesWithin(watchdogOf(run.cli.pid!) ?? -1)).toBe(true)
  })

  it('one SIGTERM: children get SIGTERM, the stubborn one SIGKILL after the deadline; the report is written', async () => {
    const run = start(fixture('hostile-interrupt'), ['--no-compare'])
    await until(() => existsSync(join(run.out, '..', 'pids.json')))
    const pids = pidsOf(run)
    const sent = performance.now()
    run.cli.kill('SIGTERM')
    const { code, at } = await run.exit
    expect(code).toBe(130)
    expect(at - sent).toBeGreaterThan(1500) // the grace period was given…
    expect(at - sent).toBeLessThan(5000) // …and bounded
    expect(existsSync(join(run.out, 'report.json'))).toBe(true)
    for (const pid of Object.values(pids)) expect(await diesWithin(pid), `pid ${pid}`).toBe(true)
    expect(await allGone(run.mark)).toEqual([])
  })

  it('SIGKILL of the supervising perfgate: the run sees its parent gone, stops its children and exits', async () => {
    const run = start(fixture('hostile-interrupt'), ['--no-compare'])
    await until(() => existsSync(join(run.out, '..', 'pids.json')))
    const pids = pidsOf(run)
    run.cli.kill('SIGKILL')
    await run.exit
    for (const pid of Object.values(pids)) expect(await diesWithin(pid, 6000), `pid ${pid}`).toBe(true)
    // The run itself carries the mark too: it is gone as well, with its watchdog.
    expect(await allGone(run.mark, 6000)).toEqual([])
  })

  it('SIGKILL of perfgate: the watchdog kills its children, their groups and itself', async () => {
    // Unsupervised, so the killed process is the run itself (supervised, the parent would run it again).
    const run = start(fixture('hostile-interrupt'), ['--no-compare'], { PERFGATE_SUPERVISE: 'off' })
    await until(() => existsSync(join(run.out, '..', 'pids.json')))
    const pids = pidsOf(run)
    const watchdog = watchdogOf(run.cli.pid!)
    expect(watchdog).not.toBeNull()
    run.cli.kill('SIGKILL')
    await run.exit
    for (const pid of Object.values(pids)) expect(await diesWithin(pid, 4000), `pid ${pid}`).toBe(true)
    expect(await allGone(run.mark, 4000)).toEqual([])
    expect(await diesWithin(watchdog!, 4000)).toBe(true)
  })
})

describe('interrupts during a baseline lookup on a slow remote', { timeout: 60_000 }, () => {
  /** A remote that accepts connections and never answers. */
  async function slowRemote(): Promise<{ url: string; server: Server }> {
    const sockets = new Set<import('node:net').Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy()
          server.close(() => resolve())
        }),
    )
    const { port } = server.address() as import('node:net').AddressInfo
    return { url: `http://127.0.0.1:${port}/project.git`, server }
  }

  async function projectWith(remote: string): Promise<string> {
    const { dir, cleanup } = tempDir('perfgate-slow-remote-')
    cleanups.push(cleanup)
    const { execFileSync } = await import('node:child_process')
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      })
    git('init', '-q', '-b', 'main')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(
      join(dir, 'perfgate.config.mjs'),
      "export default { plugins: [{ name: 'perfgate:quick', collect: () => ({ metrics: [{ id: 'quick/value', title: 'Quick', unit: 'count', better: 'lower', value: 1 }] }) }] }\n",
    )
    git('add', '.')
    git('commit', '-q', '-m', 'one')
    git('remote', 'add', 'origin', remote)
    // The base exists locally, so only the baselines branch has to come from the (slow) remote.
    git('update-ref', 'refs/remotes/origin/main', 'HEAD')
    return dir
  }

  function fetching(mark: string): boolean {
    return marked(mark).some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fetch')
      } catch {
        return false
      }
    })
  }

  it('Ctrl-C reaches the running git fetch: exit 130 at once, report written, no git and no scratch repo left', async () => {
    const { url } = await slowRemote()
    const project = await projectWith(url)
    const run = start(project, [])
    await until(() => fetching(run.mark))
    expect(readdirSync(run.tmp).some((name) => name.startsWith('perfgate-store-'))).toBe(true)
    const sent = performance.now()
    run.cli.kill('SIGINT')
    const { code, at } = await run.exit
    expect(code).toBe(130)
    expect(at - sent).toBeLessThan(3000)
    expect(existsSync(join(run.out, 'report.json'))).toBe(true)
    expect(await allGone(run.mark)).toEqual([])
    expect(readdirSync(run.tmp)).toEqual([])
  })

  it('SIGKILL during the lookup: the watchdog stops git and removes the scratch repository', async () => {
    const { url } = await slowRemote()
    const project = await projectWith(url)
    const run = start(project, [])
    await until(() => fetching(run.mark))
    run.cli.kill('SIGKILL')
    await run.exit
    expect(await allGone(run.mark, 4000)).toEqual([])
    await until(() => readdirSync(run.tmp).length === 0, 4000)
    expect(readdirSync(run.tmp)).toEqual([])
  })
})
