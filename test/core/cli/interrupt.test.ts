import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI, fixture, tempDir } from '../../helpers/paths.js'
import { diesWithin, isAlive } from '../../helpers/process.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

describe('Ctrl-C during perfgate run', () => {
  it('stops the running plugin and its child, skips the rest, writes a partial report and exits 130', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const pidFile = join(dir, 'child.pid')
    const cli = spawn(process.execPath, [CLI, 'run', '--no-compare', '--out', join(dir, 'out')], {
      cwd: fixture('interrupted-run'),
      env: { ...process.env, CI: 'true', PID_FILE: pidFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    cli.stderr.on('data', (d) => {
      stderr += d
    })
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 50))
    const childPid = Number(readFileSync(pidFile, 'utf8'))
    expect(isAlive(childPid)).toBe(true)
    cli.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve))
    try {
      expect(code).toBe(130)
      expect(stderr).toContain('SIGINT: stopping the running plugin')
      expect(await diesWithin(childPid)).toBe(true)
      const report = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'))
      expect(report.plugins.map((p: { status: string }) => p.status)).toEqual(['ok', 'failed', 'skipped'])
      expect(report.metrics.map((m: { id: string }) => m.id)).toEqual(['quick/value'])
    } finally {
      if (isAlive(childPid)) process.kill(childPid, 'SIGKILL')
    }
  })
})
