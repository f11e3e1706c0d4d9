import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { PerfgatePlugin } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { run } from '../../../core/run/run.js'
import { tempDir } from '../../helpers/paths.js'
import { diesWithin, isAlive } from '../../helpers/process.js'

describe('child processes of a plugin', () => {
  it('are killed with their process group when the plugin times out', async () => {
    const { dir, cleanup } = tempDir()
    const pids: number[] = []
    const spawner: PerfgatePlugin = {
      name: 'perfgate:spawner',
      timeout: 300,
      collect: (ctx) => {
        // A shell that starts a grandchild: only killing the group reaches it.
        const child = spawn('sh', ['-c', 'sleep 60 & echo $!; wait'], {
          detached: true,
          stdio: ['ignore', 'pipe', 'ignore'],
        })
        ctx.track(child)
        pids.push(child.pid as number)
        child.stdout.on('data', (d) => pids.push(Number(String(d).trim())))
        return new Promise(() => {})
      },
    }
    try {
      const result = await run({
        cwd: dir,
        config: { plugins: [spawner] },
        compare: false,
        write: false,
        progress: false,
        logger: createMemoryLogger(),
      })
      expect(result.report.plugins[0]).toMatchObject({ status: 'failed' })
      expect(result.report.plugins[0].error).toMatch(/timed out after 300 ms/)
      expect(pids).toHaveLength(2)
      for (const pid of pids) expect(await diesWithin(pid)).toBe(true)
    } finally {
      for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
      cleanup()
    }
  })
})
