import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { describeExit, killGroup, startProcessGroup } from '../../../core/toolkit/process-group.js'
import { REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { diesWithin, isAlive, runProcess } from '../../helpers/process.js'

const cleanups: Array<() => void> = []
const leftovers: number[] = []
afterEach(() => {
  for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A node process that starts a grandchild in its own group, writes both pids to `pidFile`, and idles. */
function parentWithGrandchild(pidFile: string, extra = ''): string[] {
  const script = `
    const { spawn } = require('node:child_process')
    const { writeFileSync } = require('node:fs')
    ${extra}
    const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    writeFileSync(${JSON.stringify(pidFile)}, JSON.stringify({ parent: process.pid, grandchild: grandchild.pid }))
    console.log('started')
    setInterval(() => {}, 1000)
  `
  return [process.execPath, '-e', script]
}

async function pidsFrom(pidFile: string): Promise<{ parent: number; grandchild: number }> {
  const deadline = Date.now() + 10_000
  while (!existsSync(pidFile)) {
    if (Date.now() > deadline) throw new Error(`${pidFile} was never written`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await new Promise((resolve) => setTimeout(resolve, 20))
  const pids = JSON.parse(readFileSync(pidFile, 'utf8'))
  leftovers.push(pids.parent, pids.grandchild)
  return pids
}

function scratch(): string {
  const { dir, cleanup } = tempDir('perfgate-group-')
  cleanups.push(cleanup)
  return dir
}

describe('startProcessGroup', () => {
  it('stops the whole group, grandchildren included, and keeps the last output lines', async () => {
    const pidFile = join(scratch(), 'pids.json')
    const tracked: number[] = []
    const group = startProcessGroup(parentWithGrandchild(pidFile), {
      track: (child) => tracked.push(child.pid as number),
    })
    const pids = await pidsFrom(pidFile)
    expect(tracked).toEqual([pids.parent])
    expect(isAlive(pids.grandchild)).toBe(true)
    expect(group.lastLines()).toBe('started')
    await Promise.all([group.stop(), group.stop()])
    expect(await diesWithin(pids.parent)).toBe(true)
    expect(await diesWithin(pids.grandchild)).toBe(true)
    expect(describeExit(await group.exited)).toBe('was killed by SIGTERM')
  })

  it('is stopped when its signal aborts', async () => {
    const pidFile = join(scratch(), 'pids.json')
    const controller = new AbortController()
    const group = startProcessGroup(parentWithGrandchild(pidFile), { signal: controller.signal })
    const pids = await pidsFrom(pidFile)
    controller.abort(new Error('Ctrl-C'))
    await group.exited
    expect(await diesWithin(pids.grandchild)).toBe(true)
  })

  it('SIGKILLs a group that ignores SIGTERM once the grace period is over', async () => {
    const pidFile = join(scratch(), 'pids.json')
    const group = startProcessGroup(parentWithGrandchild(pidFile, "process.on('SIGTERM', () => {})"))
    const pids = await pidsFrom(pidFile)
    const started = Date.now()
    await group.stop(300)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(describeExit(await group.exited)).toBe('was killed by SIGKILL')
    expect(await diesWithin(pids.grandchild)).toBe(true)
  })

  it('runs a shell command line, reports its exit code, and still ends what it left in its group', async () => {
    const pidFile = join(scratch(), 'sleep.pid')
    const group = startProcessGroup(`sleep 30 & echo $! > "${pidFile}"; echo bye; exit 3`)
    expect(describeExit(await group.exited)).toBe('exited with code 3')
    expect(group.lastLines()).toBe('bye')
    const sleeper = Number(readFileSync(pidFile, 'utf8'))
    leftovers.push(sleeper)
    expect(isAlive(sleeper)).toBe(true)
    await group.stop()
    expect(await diesWithin(sleeper)).toBe(true)
  })

  it('says a command that cannot be started could not be started, without hanging', async () => {
    const group = startProcessGroup(['/no/such/command-perfgate'])
    const exit = await group.exited
    expect(describeExit(exit)).toMatch(/^could not be started: spawn \/no\/such\/command-perfgate ENOENT/)
    await group.stop()
    await killGroup(group.child)
  })

  it('kills the group when this process exits without stopping it (process.exit, a second Ctrl-C)', async () => {
    const pidFile = join(scratch(), 'pids.json')
    const script = join(scratch(), 'leave.ts')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(
      script,
      `import { existsSync } from 'node:fs'
import { startProcessGroup } from ${JSON.stringify(join(REPO_ROOT, 'core/toolkit/process-group.ts'))}
startProcessGroup(${JSON.stringify(parentWithGrandchild(pidFile))})
const wait = setInterval(() => {
  if (existsSync(${JSON.stringify(pidFile)})) {
    clearInterval(wait)
    setTimeout(() => process.exit(130), 50)
  }
}, 20)
`,
    )
    const run = await runProcess(process.execPath, ['--import', 'jiti/register', script], { cwd: REPO_ROOT })
    expect(run.code, run.stderr).toBe(130)
    const pids = await pidsFrom(pidFile)
    expect(await diesWithin(pids.parent)).toBe(true)
    expect(await diesWithin(pids.grandchild)).toBe(true)
  }, 20_000)

  describe("with output: 'file'", () => {
    const originalTmpdir = process.env.TMPDIR
    afterEach(() => {
      if (originalTmpdir === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = originalTmpdir
    })

    it('never makes a chatty child wait on this process: it writes 8 MB while our event loop is blocked', async () => {
      const marker = join(scratch(), 'done')
      const tmp = scratch()
      process.env.TMPDIR = tmp
      // Through a pipe the child would stop at the pipe's 64 kB until this process read it.
      const script = `
        const line = 'GET /api/v1 200 3.141 ms - 42'.padEnd(99, '.') + '\\n'
        for (let i = 0; i < 80_000; i++) process.stdout.write(line)
        console.error('wrote it all')
        require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')
        setInterval(() => {}, 1000)
      `
      const group = startProcessGroup([process.execPath, '-e', script], { output: 'file' })
      const deadline = Date.now() + 15_000
      while (!existsSync(marker) && Date.now() < deadline) {
        // busy: the way autocannon keeps perfgate's event loop while it sends the load
      }
      expect(existsSync(marker)).toBe(true)
      expect(group.lastLines(2)).toMatch(/^GET \/api\/v1 200 3\.141 ms - 42\.+\nwrote it all$/)
      // Bounded: emptied past 4 MB, its tail kept.
      const [dir] = readdirSync(tmp)
      expect(dir).toMatch(/^perfgate-output-/)
      expect(readFileSync(join(tmp, dir, 'output.log')).length).toBeLessThan(5 * 1024 * 1024)
      expect(group.lastLines(1)).toBe('wrote it all')
      await group.stop()
      // Its last lines outlive it; its file does not.
      expect(group.lastLines(1)).toBe('wrote it all')
      expect(readdirSync(tmp)).toEqual([])
    })

    it('removes the file when this process exits without stopping the group', async () => {
      const tmp = scratch()
      const script = join(scratch(), 'leave.ts')
      const { writeFileSync } = await import('node:fs')
      writeFileSync(
        script,
        `import { startProcessGroup } from ${JSON.stringify(join(REPO_ROOT, 'core/toolkit/process-group.ts'))}
startProcessGroup([process.execPath, '-e', "console.log('up'); setInterval(() => {}, 1000)"], { output: 'file' })
setTimeout(() => process.exit(130), 300)
`,
      )
      const run = await runProcess(process.execPath, ['--import', 'jiti/register', script], {
        cwd: REPO_ROOT,
        env: { ...process.env, TMPDIR: tmp },
      })
      expect(run.code, run.stderr).toBe(130)
      expect(readdirSync(tmp).filter((name) => name.startsWith('perfgate-'))).toEqual([])
    }, 20_000)
  })
})
