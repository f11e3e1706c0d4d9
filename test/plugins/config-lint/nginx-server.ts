import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect } from 'vitest'
import { diesWithin, isAlive } from '../../helpers/process.js'

export interface RunningNginx {
  child: ChildProcess
  /** SIGKILL, and check that it is gone (PID 1 here may leave a zombie: liveness, not existence). */
  stop(): Promise<void>
}

/** nginx on `dir/nginx.conf`, with its prefix and error log in `dir` (nothing written outside it). */
export function nginxArgs(dir: string): string[] {
  return ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')]
}

/**
 * Runs a real nginx in the foreground on `dir/nginx.conf` (prefix and error log in `dir`) and waits until
 * `probe` answers; fails when nginx exits first or after 10 s.
 */
export async function startNginx(dir: string, probe: string): Promise<RunningNginx> {
  const child = spawn('nginx', [...nginxArgs(dir), '-g', 'daemon off; master_process off;'], {
    stdio: 'ignore',
  })
  const stop = async () => {
    if (child.pid && isAlive(child.pid)) child.kill('SIGKILL')
    if (child.pid) expect(await diesWithin(child.pid)).toBe(true)
  }
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      await fetch(probe)
      return { child, stop }
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        await stop()
        throw new Error(`nginx did not answer ${probe} (see ${join(dir, 'error.log')})`)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}
